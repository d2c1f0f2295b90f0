
export interface PageSession {
  /** `tayori_session=…`, for the Cookie header. */
  cookie: string;
  /** The form token every settings page carries. */
  csrf: string;
  /** GET a settings page with this session: status and HTML. */
  get(path: string): Promise<{ status: number; html: string }>;
  /** POST a form as our own page does (same origin, with the token unless the form says otherwise). */
  post(path: string, form: Record<string, string> | URLSearchParams): Promise<{ status: number; location: string | null; html: string }>;
}

/** A running Tayori as the helpers see it: its address and an API client (TestTayori, OnDiskTayori). */
export interface PageServer {
  url: string;
  api: (method: string, path: string, body?: unknown, key?: string) => Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Signs a user in through a sign-in link over plain HTTP, as a browser would, and keeps the cookie. */
export async function openPageSession(t: PageServer, userId: string, key?: string): Promise<PageSession> {
  const link = await t.api('POST', `/v1/users/${userId}/sign-in-links`, {}, key);
  if (link.status !== 201) throw new Error(`sign-in link for ${userId}: ${link.status} ${JSON.stringify(link.body)}`);
  const u = new URL(link.body.url as string);
  const signIn = await fetch(`${t.url}${u.pathname}${u.search}`, { redirect: 'manual' });
  if (signIn.status !== 303) throw new Error(`sign-in answered ${signIn.status}`);
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const get = async (path: string) => {
    const res = await fetch(`${t.url}${path}`, { headers: { cookie }, redirect: 'manual' });
    return { status: res.status, html: await res.text() };
  };
  const top = await get('/settings');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(top.html)?.[1];
  if (!csrf) throw new Error(`no form token on /settings (${top.status})`);
  return {
    cookie,
    csrf,
    get,
    post: async (path, form) => {
      const body = form instanceof URLSearchParams ? form : new URLSearchParams({ _csrf: csrf, ...form });
      const res = await fetch(`${t.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, origin: t.url, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      return { status: res.status, location: res.headers.get('location'), html: await res.text() };
    },
  };
}
