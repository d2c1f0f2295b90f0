import { sql } from 'kysely';
import type { QueueStats } from '../metrics.js';
import type { Db } from './database.js';

/** Queue depth for /metrics: only unfinished deliveries are counted (finished ones are counters). */
export async function queueStats(db: Db, now: Date): Promise<QueueStats> {
  const { rows } = await sql<{ service: string; status: string; count: number }>`
    select service, status, count(*)::int as count from deliveries
     where status in ('queued', 'sending') group by service, status`.execute(db);
  const oldest = await sql<{ at: Date | null }>`
    select min(next_attempt_at) as at from deliveries where status = 'queued' and next_attempt_at <= ${now}`.execute(db);
  const at = oldest.rows[0]?.at;
  return { byStatus: rows, oldestDueAgeSeconds: at ? Math.max(0, (now.getTime() - new Date(at).getTime()) / 1000) : 0 };
}
