import { httpRequest, type HttpResponse } from '../http.js';

/**
 * A thin Chatwork API v2 client (reference/chatwork.md §1, §8: no maintained SDK exists). It talks to
 * one base URL only (TAYORI_CHATWORK_API_URL), sends bodies form-encoded (the API reads nothing else)
 * and authenticates with an API token, or with an OAuth access token as `Bearer`.
 */
export type ChatworkCredential = { kind: 'token'; token: string } | { kind: 'bearer'; token: string };

export interface ChatworkClient {
  get(path: string, credential: ChatworkCredential, signal: AbortSignal): Promise<HttpResponse>;
  post(path: string, credential: ChatworkCredential, form: Record<string, string>, signal: AbortSignal): Promise<HttpResponse>;
}

export function createChatworkClient(apiUrl: string, timeoutMs?: number): ChatworkClient {
  const base = apiUrl.replace(/\/+$/, '');
  const url = (path: string) => {
    // Paths are built by us from validated digits; anything else is a bug, not a reason to go elsewhere.
    if (!/^\/[a-z0-9/_]+$/.test(path)) throw new Error(`unexpected Chatwork API path ${JSON.stringify(path)}`);
    return base + path;
  };
  return {
    get: (path, credential, signal) => httpRequest({ method: 'GET', url: url(path), headers: authHeaders(credential), signal, timeoutMs }),
    post: (path, credential, form, signal) =>
      httpRequest({
        method: 'POST',
        url: url(path),
        headers: { ...authHeaders(credential), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        signal,
        timeoutMs,
      }),
  };
}

function authHeaders(credential: ChatworkCredential): Record<string, string> {
  return credential.kind === 'token' ? { 'x-chatworktoken': credential.token } : { authorization: `Bearer ${credential.token}` };
}
