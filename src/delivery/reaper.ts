import { sql } from 'kysely';
import type { Db } from '../store/database.js';

/**
 * Gives back deliveries whose worker stopped mid-send: the lease ran out, or the worker's heartbeat
 * stopped (kill -9, a lost machine) so its leases need not run out first. The try's outcome is
 * unknown (the message may have arrived), so it is logged as a `lost` attempt and sent again: at
 * least once, never silently dropped. A delivery that keeps losing its worker ends `dead`.
 */
export async function reapExpiredLeases(
  db: Db,
  now: Date,
  maxAttempts: number,
  options: { staleWorkerMs?: number; self?: string } = {},
): Promise<number> {
  const staleBefore = new Date(now.getTime() - (options.staleWorkerMs ?? 30_000));
  return db.transaction().execute(async (tx) => {
    const { rows: dead } = await sql<{ id: string }>`
      delete from workers where heartbeat_at < ${staleBefore} and id <> ${options.self ?? ''} returning id`.execute(tx);
    const deadOwners = dead.map((d) => d.id);
    if (deadOwners.length > 0) {
      await sql`update rate_limits set busy_owner = null, busy_until = null
                 where busy_owner = any(${deadOwners}::text[])`.execute(tx);
    }
    const { rows } = await sql<{ id: string; org_id: string; attempt_count: number; status: string }>`
      with expired as (
        select id from deliveries
         where status = 'sending' and (lease_expires_at < ${now} or lease_owner = any(${deadOwners}::text[]))
         for update skip locked
      )
      update deliveries d
         set status = case when d.attempt_count >= ${maxAttempts} then 'dead' else 'queued' end,
             next_attempt_at = ${now}, scheduled = true, lease_owner = null, lease_expires_at = null, updated_at = ${now},
             last_reason = 'lost:lease_expired',
             finished_at = case when d.attempt_count >= ${maxAttempts} then ${now}::timestamptz else null end
        from expired
       where d.id = expired.id
      returning d.id, d.org_id, d.attempt_count, d.status`.execute(tx);
    if (rows.length > 0) {
      await tx
        .insertInto('attempts')
        .values(
          rows.map((r) => ({
            delivery_id: r.id,
            org_id: r.org_id,
            attempt_no: r.attempt_count,
            started_at: now,
            duration_ms: 0,
            outcome: 'lost',
            reason: 'lost:lease_expired',
            status_code: null,
            detail: 'the worker stopped before recording the result; the message may or may not have arrived',
            retry_at: r.status === 'queued' ? now : null,
          })),
        )
        .execute();
    }
    return rows.length;
  });
}

/** On the embedded database one process owns everything: at start, every leftover lease is stale. */
export async function reapAllLeases(db: Db, now: Date, maxAttempts: number): Promise<number> {
  await sql`update deliveries set lease_expires_at = ${new Date(0)} where status = 'sending'`.execute(db);
  await sql`update rate_limits set busy_owner = null, busy_until = null where busy_owner is not null`.execute(db);
  return reapExpiredLeases(db, now, maxAttempts);
}

export async function heartbeat(db: Db, workerId: string, now: Date): Promise<void> {
  await db
    .insertInto('workers')
    .values({ id: workerId, started_at: now, heartbeat_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: now }))
    .execute();
}

export async function retireWorker(db: Db, workerId: string): Promise<void> {
  await db.deleteFrom('workers').where('id', '=', workerId).execute();
}
