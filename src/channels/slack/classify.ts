import type { SendResult } from '../channel.js';
import { excerpt, isRedirect, parseRetryAfter, redirectFailure, serviceCode, type HttpResponse } from '../http.js';

/**
 * Incoming webhook answers (reference/slack.md §1): 200 `ok`; 400 our payload; 403/404/410 the
 * webhook is dead or forbidden (permanent, the connection is broken); 429 with Retry-After; 5xx retry;
 * a redirect is not followed and, like a dead webhook, breaks the connection.
 */
export function classifySlackWebhook(res: HttpResponse, now: Date, secrets: readonly string[] = []): SendResult {
  // Slack answers with a bare code (`no_service`); anything else (an HTML page, a proxy's text) is not one.
  const code = serviceCode(res.text, res.status);
  const detail = excerpt(res.text, secrets);
  if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
  if (isRedirect(res.status)) return redirectFailure(res.status, 'not_found');
  if (res.status === 429) {
    return {
      ok: false,
      retryable: true,
      reason: 'rate_limited',
      code: 'rate_limited',
      status: 429,
      retryAfterMs: parseRetryAfter(res.headers['retry-after'], now),
      detail,
    };
  }
  if (res.status >= 500) return { ok: false, retryable: true, reason: 'server', code, status: res.status, detail };
  if (res.status === 403 || res.status === 401) return { ok: false, retryable: false, reason: 'auth', code, status: res.status, detail };
  if (res.status === 404 || res.status === 410) return { ok: false, retryable: false, reason: 'not_found', code, status: res.status, detail };
  return { ok: false, retryable: false, reason: 'bad_request', code, status: res.status, detail };
}
