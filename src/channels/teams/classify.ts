import type { SendResult } from '../channel.js';
import { excerpt, isRedirect, parseRetryAfter, reasonForStatus, redirectFailure, type HttpResponse } from '../http.js';

/**
 * What a Workflows trigger answers (reference/teams.md §1.2): 202 with no body once the request is
 * accepted (the card is posted later, by the flow); errors as `{"error": {"code", "message"}}`.
 * - 401 `DirectApiAuthorizationRequired`: the signature is missing or wrong → permanent, broken;
 * - 404: no such workflow (deleted) → permanent, broken;
 * - 400 `WorkflowTriggerIsNotEnabled`: the flow was turned off or deleted (seen in the field, with
 *   "state 'Disabled'" or "'Deleted'") → permanent and broken too: only the user can fix it;
 * - 429 with Retry-After, 5xx, 408 → retry; any other 4xx is our payload → permanent, not broken;
 * - a redirect is not followed: the URL no longer works → permanent, broken.
 */
export const TRIGGER_DISABLED = 'WorkflowTriggerIsNotEnabled';

export function classifyWorkflowsAnswer(res: HttpResponse, now: Date, secrets: readonly string[]): SendResult {
  if (res.status >= 200 && res.status < 300) {
    // Logic Apps name the run they started; handy when a user asks Microsoft about a missing card.
    // Kept only when it looks like one: the answer's headers are the service's to fill, not ours to store unchecked.
    const runId = res.headers['x-ms-workflow-run-id'];
    return { ok: true, status: res.status, providerMessageId: runId && /^[A-Za-z0-9._:-]{1,128}$/.test(runId) ? runId : undefined };
  }
  if (isRedirect(res.status)) return redirectFailure(res.status, 'not_found');
  const code = errorCode(res.text) ?? `http_${res.status}`;
  const detail = excerpt(res.text, secrets);
  const { reason, retryable } = reasonForStatus(res.status);
  if (res.status === 400 && code === TRIGGER_DISABLED) {
    return { ok: false, retryable: false, reason: 'not_found', code, status: 400, detail };
  }
  const retryAfterMs = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers['retry-after'], now) : undefined;
  return { ok: false, retryable, reason, code, status: res.status, retryAfterMs, detail };
}

/** The service's error code, if the body has a plausible one (it is shown to users and stored). */
function errorCode(text: string): string | undefined {
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } } | null)?.error?.code;
    return typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}
