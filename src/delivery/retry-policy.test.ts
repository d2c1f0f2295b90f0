import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, nextAttempt } from './retry-policy.js';

const schedule = [5_000, 30_000, 120_000];
const now = new Date('2026-11-21T00:00:00Z');
const transient = { retryable: true };

describe('nextAttempt', () => {
  it.each([
    // attempt, random, expected delay
    [1, 0.5, 5_000],
    [1, 0, 4_000], // -20 %
    [1, 1, 6_000], // +20 %
    [2, 0.5, 30_000],
    [3, 0.25, 108_000],
  ])('attempt %i with random %f waits %i ms', (attempt, random, delay) => {
    const d = nextAttempt(attempt, transient, schedule, now, () => random);
    expect(d).toEqual({ retry: true, delayMs: delay, at: new Date(now.getTime() + delay) });
  });

  it('gives up as dead after the last delay', () => {
    expect(nextAttempt(4, transient, schedule, now, () => 0.5)).toEqual({ retry: false, final: 'dead' });
  });

  it('never retries a permanent failure, even on the first attempt', () => {
    expect(nextAttempt(1, { retryable: false }, schedule, now)).toEqual({ retry: false, final: 'failed' });
  });

  it('waits at least as long as Retry-After asks', () => {
    const d = nextAttempt(1, { retryable: true, retryAfterMs: 3_000 }, [1_000], now, () => 0.5);
    expect(d).toMatchObject({ retry: true, delayMs: 3_000 });
  });

  it('keeps the schedule when Retry-After is shorter', () => {
    const d = nextAttempt(2, { retryable: true, retryAfterMs: 1_000 }, schedule, now, () => 0.5);
    expect(d).toMatchObject({ delayMs: 30_000 });
  });

  it('clamps an absurd Retry-After', () => {
    const d = nextAttempt(1, { retryable: true, retryAfterMs: 10 * 24 * 3600_000 }, schedule, now, () => 0.5);
    expect(d).toMatchObject({ delayMs: MAX_RETRY_AFTER_MS });
  });

  it('ignores a negative Retry-After', () => {
    const d = nextAttempt(1, { retryable: true, retryAfterMs: -5 }, schedule, now, () => 0.5);
    expect(d).toMatchObject({ delayMs: 5_000 });
  });
});
