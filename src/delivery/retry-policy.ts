import type { Failure } from '../channels/channel.js';

/** A server may ask for a long pause; past this we retry anyway (Svix clamps Retry-After the same way). */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;
export const JITTER = 0.2;

export type RetryDecision = { retry: true; at: Date; delayMs: number } | { retry: false; final: 'failed' | 'dead' };

/**
 * What happens after try number `attempt` (1-based) failed. Pure: `random` is injected.
 * Permanent failures never retry; transient ones follow `schedule` with ±20 % jitter, waiting at least
 * as long as the service asked (Retry-After, Chatwork's x-ratelimit-reset), and die after the last delay.
 */
export function nextAttempt(
  attempt: number,
  failure: Pick<Failure, 'retryable' | 'retryAfterMs'>,
  schedule: readonly number[],
  now: Date,
  random: () => number = Math.random,
): RetryDecision {
  if (!failure.retryable) return { retry: false, final: 'failed' };
  const base = schedule[attempt - 1];
  if (base === undefined) return { retry: false, final: 'dead' };
  const jittered = base * (1 - JITTER + 2 * JITTER * random());
  const asked = Math.min(Math.max(failure.retryAfterMs ?? 0, 0), MAX_RETRY_AFTER_MS);
  const delayMs = Math.round(Math.max(jittered, asked));
  return { retry: true, at: new Date(now.getTime() + delayMs), delayMs };
}
