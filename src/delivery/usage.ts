import type { RateLimit } from '../domain/rate-limit.js';
import type { Db } from '../store/database.js';
import { lockLimiters, saveLimiters } from './claim.js';
import { logUsage } from './rate-plan.js';

/**
 * Logs requests made outside the delivery worker (the checks on save, a test message) in the shared
 * limiter, so the deliveries that follow still keep under the service's limit (PRODUCT §5). `spent`
 * holds one entry per request, per limit it counts toward. Called after the requests, in a short
 * transaction of its own: never held across the network call.
 */
export async function recordUsage(db: Db, spent: readonly RateLimit[], at: Date): Promise<void> {
  if (spent.length === 0) return;
  const byKey = new Map<string, { limit: RateLimit; count: number }>();
  for (const limit of spent) {
    const seen = byKey.get(limit.key);
    if (seen) seen.count++;
    else byKey.set(limit.key, { limit, count: 1 });
  }
  await db.transaction().execute(async (tx) => {
    const state = await lockLimiters(tx, [...byKey.keys()].sort());
    for (const [key, { limit, count }] of byKey) {
      const s = state.get(key);
      if (s) s.slots = logUsage(s.slots, limit, count, at.getTime());
    }
    await saveLimiters(tx, state);
  });
}
