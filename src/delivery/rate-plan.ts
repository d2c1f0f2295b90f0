import type { RateLimit } from '../domain/rate-limit.js';

/**
 * Decides, for deliveries just claimed, which may be sent now and when the others may go, from the
 * shared limiter state (PRODUCT §5). Pure: the claim transaction loads the state, calls this and
 * writes back what it returns.
 *
 * Each limiter key keeps a log of send times (ms). A send is allowed at time t when fewer than
 * `limit` logged sends lie in (t − window′, t], window′ being the published window plus a margin.
 * A send is logged as "now" when accepted and replaced by its completion time when it finishes, so
 * the next slot is measured from when the service had certainly received the request: a client
 * passing this check cannot exceed a sliding-window limit measured at the service.
 */
export interface LimiterState {
  /** Send times, ascending. */
  slots: number[];
  busyOwner: string | null;
  busyUntil: number;
  /**
   * Destinations only: the latest time already promised to a waiting delivery. A delivery seen for the
   * first time goes after it, so a backlog is spread over time in one pass instead of every waiting
   * delivery waking at the same moment.
   */
  tailAt: number;
}

export interface ClaimCandidate {
  id: string;
  destination: string;
  limits: readonly RateLimit[];
  /** Already given a time before (deferred, or a retry): it keeps its place, the tail is for newcomers. */
  scheduled?: boolean;
}

export interface ClaimPlan {
  accepted: string[];
  /** Deliveries that must wait; waiting is not an attempt. */
  deferred: { id: string; at: number }[];
  /** New state of every key touched (only accepted sends are logged). */
  state: Map<string, LimiterState>;
  /** The log entry written for each accepted delivery, to be replaced by its completion time. */
  reservations: Map<string, number>;
}

/** When a destination is busy in another worker, look again this soon (it is usually a few ms). */
export const BUSY_RETRY_MS = 250;

/** Safety margin on every window: clocks of several processes and timer jitter. */
export function effectiveWindow(windowMs: number): number {
  return windowMs + Math.max(100, Math.round(windowMs * 0.02));
}

/** The steady pace of a destination's limits: the longest window ÷ limit among them. */
export function spacing(limits: readonly RateLimit[]): number {
  return Math.max(0, ...limits.map((l) => Math.ceil(effectiveWindow(l.windowMs) / l.limit)));
}

/** The earliest time ≥ `now` at which one more send fits `limit` given the log `slots`. */
export function earliestSlot(slots: readonly number[], limit: RateLimit, now: number): number {
  const window = effectiveWindow(limit.windowMs);
  if (slots.length < limit.limit) return now;
  return Math.max(now, slots[slots.length - limit.limit]! + window);
}

function insertSorted(list: number[], value: number): void {
  let i = list.length;
  while (i > 0 && list[i - 1]! > value) i--;
  list.splice(i, 0, value);
}

/**
 * `olderWaiting`: per destination, the oldest delivery still waiting for its first try that this claim
 * did not take (another worker holds it, or a limit deferred it). Newer ones wait behind it, so a
 * destination receives its notifications in order. Retries never hold others back: one failing message
 * must not delay a user's notifications for hours.
 */
export function planClaims(
  candidates: readonly ClaimCandidate[],
  loaded: ReadonlyMap<string, LimiterState>,
  owner: string,
  now: number,
  leaseUntil: number,
  olderWaiting: ReadonlyMap<string, { id: string; at: number }> = new Map(),
): ClaimPlan {
  const state = new Map<string, LimiterState>();
  // Planned sends, accepted or deferred, so deferred deliveries get staggered slots instead of all
  // waking at the same moment.
  const planned = new Map<string, number[]>();
  const get = (key: string) => {
    let s = state.get(key);
    if (!s) {
      const l = loaded.get(key);
      s = { slots: [...(l?.slots ?? [])], busyOwner: l?.busyOwner ?? null, busyUntil: l?.busyUntil ?? 0, tailAt: l?.tailAt ?? 0 };
      state.set(key, s);
      planned.set(key, [...s.slots]);
    }
    return s;
  };
  const maxWindow = new Map<string, RateLimit>();
  const plan: ClaimPlan = { accepted: [], deferred: [], state, reservations: new Map() };
  const lastDeferred = new Map<string, number>();

  for (const c of candidates) {
    const dest = get(c.destination);
    if (dest.busyOwner !== null && dest.busyOwner !== owner && dest.busyUntil > now) {
      plan.deferred.push({ id: c.id, at: now + BUSY_RETRY_MS });
      continue;
    }
    const older = olderWaiting.get(c.destination);
    if (older && older.id < c.id) {
      const at = Math.max(now + BUSY_RETRY_MS, older.at + 1, c.scheduled ? 0 : dest.tailAt + spacing(c.limits));
      plan.deferred.push({ id: c.id, at });
      lastDeferred.set(c.destination, at);
      dest.tailAt = Math.max(dest.tailAt, at);
      continue;
    }
    let at = now;
    for (const limit of c.limits) {
      get(limit.key);
      const seen = maxWindow.get(limit.key);
      if (!seen || seen.limit < limit.limit) maxWindow.set(limit.key, limit);
      at = Math.max(at, earliestSlot(planned.get(limit.key)!, limit, now));
    }
    // Keep order within a destination: nothing overtakes a delivery that had to wait.
    at = Math.max(at, lastDeferred.get(c.destination) ?? 0);
    // A newcomer queues behind the times already promised to waiting deliveries of its destination.
    if (!c.scheduled && dest.tailAt > now) at = Math.max(at, dest.tailAt + spacing(c.limits));
    for (const limit of c.limits) insertSorted(planned.get(limit.key)!, at);
    if (at <= now) {
      plan.accepted.push(c.id);
      plan.reservations.set(c.id, now);
      for (const limit of c.limits) insertSorted(state.get(limit.key)!.slots, now);
      dest.busyOwner = owner;
      dest.busyUntil = leaseUntil;
    } else {
      plan.deferred.push({ id: c.id, at });
      lastDeferred.set(c.destination, at);
      dest.tailAt = Math.max(dest.tailAt, at);
    }
  }
  // Keep each log short: only what can still matter.
  for (const [key, s] of state) {
    const limit = maxWindow.get(key);
    if (!limit) continue;
    s.slots = trimLog(s.slots, limit, now);
  }
  return plan;
}

/** After a send finished: its log entry moves from "accepted at" to "done at". */
export function recordCompletion(slots: number[], reservedAt: number, doneAt: number): number[] {
  const i = slots.indexOf(reservedAt);
  const next = [...slots];
  if (i >= 0) next.splice(i, 1);
  insertSorted(next, Math.max(doneAt, reservedAt));
  return next;
}

/**
 * Requests made outside a delivery (a save's checks, a test message) count toward the same limits:
 * `count` entries at `at`, the log trimmed as after a claim.
 */
export function logUsage(slots: readonly number[], limit: RateLimit, count: number, at: number): number[] {
  const next = [...slots];
  for (let i = 0; i < count; i++) insertSorted(next, at);
  return trimLog(next, limit, at);
}

/** Only what can still matter for `limit` at `now`: the sends inside its window, at most `limit` of them. */
function trimLog(slots: readonly number[], limit: RateLimit, now: number): number[] {
  const horizon = now - effectiveWindow(limit.windowMs);
  return slots.filter((t) => t > horizon).slice(-limit.limit);
}
