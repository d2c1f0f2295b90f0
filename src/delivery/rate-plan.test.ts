import { describe, expect, it } from 'vitest';
import { BUSY_RETRY_MS, earliestSlot, effectiveWindow, logUsage, planClaims, recordCompletion, spacing, type LimiterState } from './rate-plan.js';

const room = { key: 'room', limit: 10, windowMs: 10_000 };
const token = { key: 'token', limit: 300, windowMs: 300_000 };
const hook = { key: 'hook', limit: 1, windowMs: 1000 };
const NOW = 1_000_000;

function candidates(n: number, limits = [room, token], destination = 'room') {
  return Array.from({ length: n }, (_, i) => ({ id: `d${i}`, destination, limits }));
}

describe('earliestSlot', () => {
  it('is now while the log holds fewer than the limit', () => {
    expect(earliestSlot([NOW - 5, NOW - 1], room, NOW)).toBe(NOW);
  });
  it('is the limit-th latest send plus the window with margin', () => {
    const log = Array.from({ length: 10 }, (_, i) => NOW - 9000 + i);
    expect(earliestSlot(log, room, NOW)).toBe(NOW - 9000 + effectiveWindow(10_000));
  });
});

describe('planClaims', () => {
  it('sends a burst of 25 to one Chatwork room as 10 now and the rest staggered, never 11 in a window', () => {
    const plan = planClaims(candidates(25), new Map(), 'w1', NOW, NOW + 120_000);
    expect(plan.accepted).toHaveLength(10);
    expect(plan.deferred).toHaveLength(15);
    const times = [...plan.accepted.map(() => NOW), ...plan.deferred.map((d) => d.at)];
    for (let i = 10; i < times.length; i++) expect(times[i]! - times[i - 10]!).toBeGreaterThanOrEqual(10_000);
    // Order is kept: deferred times never decrease.
    const at = plan.deferred.map((d) => d.at);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(plan.state.get('room')!.slots).toHaveLength(10);
    expect(plan.state.get('room')).toMatchObject({ busyOwner: 'w1', busyUntil: NOW + 120_000 });
  });

  it('the token limit binds across rooms', () => {
    const loaded = new Map<string, LimiterState>([['token', { slots: Array.from({ length: 300 }, (_, i) => NOW - 1000 + i), busyOwner: null, busyUntil: 0, tailAt: 0 }]]);
    const plan = planClaims([{ id: 'a', destination: 'other-room', limits: [{ ...room, key: 'other-room' }, token] }], loaded, 'w1', NOW, NOW + 1);
    expect(plan.accepted).toEqual([]);
    expect(plan.deferred[0]!.at).toBe(NOW - 1000 + effectiveWindow(300_000));
  });

  it('a webhook limited to 1/s gets one now and the next a window later', () => {
    const plan = planClaims(candidates(3, [hook], 'hook'), new Map(), 'w1', NOW, NOW + 1);
    expect(plan.accepted).toEqual(['d0']);
    expect(plan.deferred).toEqual([
      { id: 'd1', at: NOW + effectiveWindow(1000) },
      { id: 'd2', at: NOW + 2 * effectiveWindow(1000) },
    ]);
  });

  it('a destination busy in another worker waits briefly and is not logged', () => {
    const loaded = new Map<string, LimiterState>([['hook', { slots: [], busyOwner: 'w2', busyUntil: NOW + 60_000, tailAt: 0 }]]);
    const plan = planClaims(candidates(1, [hook], 'hook'), loaded, 'w1', NOW, NOW + 1);
    expect(plan.deferred).toEqual([{ id: 'd0', at: NOW + BUSY_RETRY_MS }]);
    expect(plan.state.get('hook')!.slots).toEqual([]);
  });

  it('a busy mark whose lease has passed does not block', () => {
    const loaded = new Map<string, LimiterState>([['hook', { slots: [], busyOwner: 'w2', busyUntil: NOW - 1, tailAt: 0 }]]);
    expect(planClaims(candidates(1, [hook], 'hook'), loaded, 'w1', NOW, NOW + 1).accepted).toEqual(['d0']);
  });

  it('deliveries without limits are accepted at once, all of them', () => {
    expect(planClaims(candidates(50, [], 'x'), new Map(), 'w1', NOW, NOW + 1).accepted).toHaveLength(50);
  });

  it('drops log entries that can no longer matter', () => {
    const loaded = new Map<string, LimiterState>([['hook', { slots: [NOW - 50_000, NOW - 40_000], busyOwner: null, busyUntil: 0, tailAt: 0 }]]);
    const plan = planClaims(candidates(1, [hook], 'hook'), loaded, 'w1', NOW, NOW + 1);
    expect(plan.state.get('hook')!.slots).toEqual([NOW]);
  });
});

describe('recordCompletion', () => {
  it('replaces the reservation by the completion time, keeping the log sorted', () => {
    expect(recordCompletion([10, 20, 30], 20, 35)).toEqual([10, 30, 35]);
    expect(recordCompletion([10], 99, 150)).toEqual([10, 150]); // trimmed meanwhile: still logged
  });
});

describe('order within a destination', () => {
  it('a newer delivery waits behind an older one another worker holds or a limit deferred', () => {
    const older = new Map([['hook', { id: 'd0', at: NOW + 5_000 }]]);
    const plan = planClaims([{ id: 'd1', destination: 'hook', limits: [hook] }], new Map(), 'w1', NOW, NOW + 1, older);
    expect(plan.deferred).toEqual([{ id: 'd1', at: NOW + 5_001 }]);
  });

  it('an older delivery due now (claimed elsewhere) makes the newer look again shortly', () => {
    const older = new Map([['hook', { id: 'd0', at: NOW - 10 }]]);
    const plan = planClaims([{ id: 'd1', destination: 'hook', limits: [hook] }], new Map(), 'w1', NOW, NOW + 1, older);
    expect(plan.deferred).toEqual([{ id: 'd1', at: NOW + BUSY_RETRY_MS }]);
  });

  it('the older one itself is not held back', () => {
    const older = new Map([['hook', { id: 'd5', at: NOW }]]);
    const plan = planClaims([{ id: 'd1', destination: 'hook', limits: [hook] }], new Map(), 'w1', NOW, NOW + 1, older);
    expect(plan.accepted).toEqual(['d1']);
  });
});

describe('a backlog is spread out in one pass', () => {
  it('newcomers queue behind the time already promised to a destination', () => {
    const loaded = new Map<string, LimiterState>([['hook', { slots: [NOW - 100], busyOwner: null, busyUntil: 0, tailAt: NOW + 5_000 }]]);
    const plan = planClaims(candidates(2, [hook], 'hook'), loaded, 'w1', NOW, NOW + 1);
    const step = spacing([hook]);
    expect(plan.deferred).toEqual([
      { id: 'd0', at: NOW + 5_000 + step },
      { id: 'd1', at: NOW + 5_000 + 2 * step },
    ]);
    expect(plan.state.get('hook')!.tailAt).toBe(NOW + 5_000 + 2 * step);
  });

  it('a delivery whose time has come keeps its place: the tail is for newcomers', () => {
    const loaded = new Map<string, LimiterState>([['hook', { slots: [NOW - 5_000], busyOwner: null, busyUntil: 0, tailAt: NOW + 9_000 }]]);
    const plan = planClaims([{ id: 'd0', destination: 'hook', limits: [hook], scheduled: true }], loaded, 'w1', NOW, NOW + 1);
    expect(plan.accepted).toEqual(['d0']);
  });

  it('a past tail does not hold anyone back', () => {
    const loaded = new Map<string, LimiterState>([['hook', { slots: [], busyOwner: null, busyUntil: 0, tailAt: NOW - 1 }]]);
    expect(planClaims(candidates(1, [hook], 'hook'), loaded, 'w1', NOW, NOW + 1).accepted).toEqual(['d0']);
  });

  it('spacing is the slowest steady pace of the limits', () => {
    expect(spacing([{ key: 'r', limit: 10, windowMs: 10_000 }, { key: 't', limit: 300, windowMs: 300_000 }])).toBe(1020);
    expect(spacing([])).toBe(0);
  });
});

describe('logUsage: requests outside deliveries', () => {
  it('three checks on save leave room for 297 more of the token’s 300', () => {
    const log = logUsage([], token, 3, NOW);
    expect(log).toEqual([NOW, NOW, NOW]);
    expect(earliestSlot(logUsage(log, token, 296, NOW), token, NOW)).toBe(NOW);
    expect(earliestSlot(logUsage(log, token, 297, NOW), token, NOW)).toBe(NOW + effectiveWindow(300_000));
  });
  it('keeps only what can still matter: the window, at most the limit', () => {
    const old = NOW - effectiveWindow(10_000) - 1;
    expect(logUsage([old, NOW - 5], room, 1, NOW)).toEqual([NOW - 5, NOW]);
    expect(logUsage([], room, 25, NOW)).toHaveLength(10);
  });
});
