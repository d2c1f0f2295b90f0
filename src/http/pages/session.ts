import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { sameToken } from '../../security/tokens.js';
import type { AppContext } from '../../usecases/context.js';
import { loadSession, SETTINGS_PATH } from '../../usecases/sign-in.js';
import type { PagesEnv } from './env.js';
import { noticePage } from './notice-page.js';

/** The settings-page session cookie: HttpOnly, SameSite=Lax, only sent to /settings (PRODUCT §6). */
export const SESSION_COOKIE = 'tayori_session';
export const CSRF_FIELD = '_csrf';

export function setSessionCookie(c: Context, ctx: AppContext, sessionId: string, maxAgeMs: number): void {
  setCookie(c, SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'Lax',
    path: SETTINGS_PATH,
    secure: ctx.publicUrl.startsWith('https:'),
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearSessionCookie(c: Context, ctx: AppContext): void {
  deleteCookie(c, SESSION_COOKIE, { path: SETTINGS_PATH, secure: ctx.publicUrl.startsWith('https:') });
}

export function sessionIdOf(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

/** Every settings page but sign-in needs a live session; without one the user is told how to get a new one. */
export function requireSession(ctx: AppContext): MiddlewareHandler<PagesEnv> {
  return async (c, next) => {
    const session = await loadSession(ctx, sessionIdOf(c));
    if (!session) {
      if (sessionIdOf(c) !== undefined) clearSessionCookie(c, ctx);
      return noticePage(c, 'session_expired');
    }
    c.set('session', session);
    await next();
  };
}

/** For admin pages (later issues): the session's user must have role admin. */
export function requireAdmin(): MiddlewareHandler<PagesEnv> {
  return async (c, next) => {
    if (c.get('session').user.role !== 'admin') return noticePage(c, 'forbidden');
    await next();
  };
}

/**
 * Refuses a POST that did not come from our own pages: a browser's Sec-Fetch-Site and Origin must
 * say same-origin. Runs before the session is looked at, so a cross-site post learns nothing.
 *
 * `Origin: null` counts as no information: our pages send `Referrer-Policy: no-referrer`, under which
 * browsers send exactly that for our own forms. A foreign page's post still names its origin (its own
 * policy applies), and Sec-Fetch-Site and the token catch the rest.
 */
export function sameOriginPosts(ctx: AppContext): MiddlewareHandler<PagesEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    // Read per request: with PORT=0 the public URL is only known once the server listens.
    const publicOrigin = new URL(ctx.publicUrl).origin;
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return noticePage(c, 'cross_site');
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== 'null' && origin !== publicOrigin && origin !== new URL(c.req.url).origin) return noticePage(c, 'cross_site');
    await next();
  };
}

/** The synchronizer token: every form carries the session's token in a hidden field. */
export function checkCsrfToken(): MiddlewareHandler<PagesEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    let body: Awaited<ReturnType<typeof c.req.parseBody>>;
    try {
      body = await c.req.parseBody({ all: true });
    } catch {
      // A multipart body that does not parse (no boundary, cut short): what the browser sent is not a form.
      return noticePage(c, 'malformed');
    }
    const sent = body[CSRF_FIELD];
    if (typeof sent !== 'string' || !sameToken(sent, c.get('session').csrfToken)) return noticePage(c, 'cross_site');
    await next();
  };
}
