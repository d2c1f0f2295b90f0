import type { SendResult } from '../channel.js';
import { excerpt, isRedirect, parseRetryAfter, redirectFailure, type HttpResponse } from '../http.js';

/** Which call answered: the same status means different things for `/me` and for a room. */
export type ChatworkCall = 'me' | 'room' | 'post';

/** The per-room posting limit's answer (reference/chatwork.md §2): clients match on this text. */
export const ROOM_LIMIT_TEXT = 'Rate limit for message posting per room exceeded.';
/** §2 client policy: after the per-room 429, wait 10 s (the length of its window). */
export const ROOM_LIMIT_WAIT_MS = 10_000;

/**
 * Chatwork answers (§2, §3): 401 invalid or expired token and 403/404 for a room are permanent and
 * break the connection; 429 is either the per-token limit (`x-ratelimit-remaining: 0`, wait until
 * `x-ratelimit-reset`) or the per-room limit (its own text, wait 10 s); 5xx retry; 400 is our bug.
 */
export function classifyChatwork(res: HttpResponse, call: ChatworkCall, now: Date, secrets: readonly string[]): SendResult {
  const detail = excerpt(res.text, secrets);
  const fail = (retryable: boolean, reason: Extract<SendResult, { ok: false }>['reason'], code: string, retryAfterMs?: number): SendResult => ({
    ok: false,
    retryable,
    reason,
    code,
    status: res.status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    detail,
  });
  if (res.status >= 200 && res.status < 300) {
    return { ok: true, status: res.status, providerMessageId: call === 'post' ? messageId(res.text) : undefined };
  }
  // The API base is the operator's TAYORI_CHATWORK_API_URL: a redirect there is a setting to fix, not a user's broken connection.
  if (isRedirect(res.status)) return redirectFailure(res.status, 'bad_request');
  const wwwAuth = res.headers['www-authenticate'] ?? '';
  if (res.status === 401) return fail(false, 'auth', /expired/i.test(wwwAuth) ? 'token_expired' : 'invalid_token');
  if (res.status === 403) {
    if (/insufficient_scope/i.test(wwwAuth)) return fail(false, 'auth', 'insufficient_scope');
    return fail(false, 'auth', call === 'me' ? 'api_forbidden' : 'room_forbidden');
  }
  if (res.status === 404) return fail(false, 'not_found', call === 'me' ? 'api_not_found' : 'room_not_found');
  if (res.status === 429) {
    if (res.text.includes(ROOM_LIMIT_TEXT)) return fail(true, 'rate_limited', 'room_rate_limited', ROOM_LIMIT_WAIT_MS);
    const untilReset = untilRateLimitReset(res, now);
    if (res.headers['x-ratelimit-remaining'] === '0' && untilReset !== undefined) return fail(true, 'rate_limited', 'token_rate_limited', untilReset);
    return fail(true, 'rate_limited', 'rate_limited', parseRetryAfter(res.headers['retry-after'], now) ?? untilReset);
  }
  if (res.status >= 500) return fail(true, 'server', `http_${res.status}`);
  if (res.status === 408) return fail(true, 'timeout', 'http_408');
  return fail(false, 'bad_request', res.status === 400 ? 'bad_request' : `http_${res.status}`);
}

/**
 * Milliseconds until `x-ratelimit-reset` (Unix seconds on Chatwork's clock). Measured from the
 * answer's own `Date` header when present, so our clock's skew does not matter; plus one second,
 * because both values are whole seconds and arriving a moment early costs another 429.
 */
export function untilRateLimitReset(res: HttpResponse, now: Date): number | undefined {
  const reset = Number(res.headers['x-ratelimit-reset']);
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  const serverNow = Date.parse(res.headers['date'] ?? '');
  const from = Number.isNaN(serverNow) ? now.getTime() : serverNow;
  return Math.max(1000, reset * 1000 - from + 1000);
}

/** `{"message_id":"1234"}`: a string holding a 64-bit integer (§1), never parsed as a number. */
function messageId(text: string): string | undefined {
  const m = /"message_id"\s*:\s*"?(\d+)"?/.exec(text);
  return m?.[1];
}
