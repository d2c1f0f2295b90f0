import { sql } from 'kysely';
import type { RateLimit } from '../domain/rate-limit.js';
import type { Db, Tx } from '../store/database.js';
import { planClaims, type LimiterState } from './rate-plan.js';

export interface Claimed {
  id: string;
  orgId: string;
  eventId: string;
  userId: string;
  service: string;
  kind: string;
  attempt: number;
  destination: string;
  limits: RateLimit[];
  /** The log entry this send holds in its limiters (replaced by the completion time when done). */
  reservedAt: number;
  leaseExpiresAt: Date;
}

interface ClaimedRow {
  id: string;
  org_id: string;
  event_id: string;
  user_id: string;
  service: string;
  kind: string;
  attempt_count: number;
  destination: string;
  next_attempt_at: Date;
  scheduled: boolean;
  limits: RateLimit[] | null;
}

/**
 * Takes up to `limit` due deliveries and decides which may be sent now, in one short transaction:
 *
 * 1. one statement leases due rows (the inner SELECT skips rows another worker holds);
 * 2. the limiter rows of their destinations are locked and the pure planner (rate-plan.ts) decides;
 * 3. deliveries that must wait for a limit or a busy destination go back to the queue, due when they
 *    may go, with the claim's attempt count given back: waiting is not an attempt.
 *
 * No network call ever runs inside; the lease, not a transaction, protects the send.
 */
export interface ClaimResult {
  /** The deliveries to send now. */
  claimed: Claimed[];
  /** Due rows the claim looked at, sent now or deferred: when it equals the limit, more may be due. */
  taken: number;
  /** The earliest time a deferred delivery becomes due again (ms), if any was deferred. */
  nextDueAt: number | undefined;
}

export async function claimDue(db: Db, owner: string, limit: number, now: Date, leaseMs: number): Promise<ClaimResult> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  return db.transaction().execute(async (tx) => {
    // The claim must walk the due index in order and stop after `limit` rows. With stale statistics
    // (a burst of a million deliveries, or the embedded database that has no autovacuum) the planner
    // chose a bitmap scan and sorted the whole backlog instead: 65 ms a claim at 100,000 queued.
    // JIT goes off with it: the penalised plans cross PostgreSQL's JIT threshold, and compiling cost
    // 100 ms a statement; a claim touches a few dozen rows and never gains from JIT.
    await sql`select set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true),
                     set_config('jit', 'off', true)`.execute(tx);
    // Deliveries given a time first, then newcomers: a backlog of newcomers must never hold back the
    // ones whose time has come. The newcomers' scan only takes what the first left room for.
    const { rows } = await sql<ClaimedRow>`
      with scheduled as (
        select id from deliveries
         where status = 'queued' and scheduled and next_attempt_at <= ${now}
         order by next_attempt_at, id limit ${limit}
         for update skip locked
      ), fresh as (
        -- In creation order, the order "oldest first per destination" is judged by: walking newcomers
        -- in any other order let a newer delivery wait behind an older one the walk never reached.
        select id from deliveries
         where status = 'queued' and not scheduled and next_attempt_at <= ${now}
         order by id limit (${limit}::int - (select count(*) from scheduled))
         for update skip locked
      )
      update deliveries d
         set status = 'sending', lease_owner = ${owner}, lease_expires_at = ${leaseUntil},
             attempt_count = d.attempt_count + 1, updated_at = ${now}
       where d.id in (select id from scheduled union all select id from fresh)
      returning d.id, d.org_id, d.event_id, d.user_id, d.service, d.kind, d.attempt_count, d.destination,
                d.next_attempt_at, d.scheduled,
                (select c.limits from connections c
                  where c.org_id = d.org_id and c.user_id = d.user_id and c.service = d.service) as limits`.execute(tx);
    if (rows.length === 0) return { claimed: [], taken: 0, nextDueAt: undefined };
    // Plan and send in creation order (UUIDv7 ids): a delivery deferred longer than a newer one to the
    // same destination must still go first when both are claimed together.
    rows.sort((a, b) => (a.id < b.id ? -1 : 1));

    const candidates = rows.map((r) => ({ id: r.id, destination: r.destination, limits: r.limits ?? [], scheduled: r.scheduled }));
    const keys = [...new Set(candidates.flatMap((c) => [c.destination, ...c.limits.map((l) => l.key)]))].sort();
    const loaded = await lockLimiters(tx, keys);
    const older = await oldestWaiting(tx, [...new Set(candidates.map((c) => c.destination))]);
    const plan = planClaims(candidates, loaded, owner, now.getTime(), leaseUntil.getTime(), older);
    await saveLimiters(tx, plan.state);
    if (plan.deferred.length > 0) {
      await sql`
        update deliveries d
           set status = 'queued', next_attempt_at = v.at, attempt_count = d.attempt_count - 1, scheduled = true,
               lease_owner = null, lease_expires_at = null
          from jsonb_to_recordset(${JSON.stringify(plan.deferred.map((x) => ({ id: x.id, at: new Date(x.at).toISOString() })))}::jsonb)
               as v(id uuid, at timestamptz)
         where d.id = v.id and d.lease_owner = ${owner}`.execute(tx);
    }
    const accepted = new Set(plan.accepted);
    const claimed = rows
      .filter((r) => accepted.has(r.id))
      .map((r) => ({
        id: r.id,
        orgId: r.org_id,
        eventId: r.event_id,
        userId: r.user_id,
        service: r.service,
        kind: r.kind,
        attempt: r.attempt_count,
        destination: r.destination,
        limits: r.limits ?? [],
        reservedAt: plan.reservations.get(r.id)!,
        leaseExpiresAt: leaseUntil,
      }));
    const nextDueAt = plan.deferred.length > 0 ? Math.min(...plan.deferred.map((d) => d.at)) : undefined;
    return { claimed, taken: rows.length, nextDueAt };
  });
}

/**
 * Per destination, the oldest delivery waiting for its first try that is not in this claim (rows this
 * claim took are `sending` in its own view).
 */
async function oldestWaiting(tx: Tx, destinations: string[]): Promise<Map<string, { id: string; at: number }>> {
  // One index probe per destination (deliveries_destination_waiting), however long its queue is.
  const { rows } = await sql<{ destination: string; id: string; next_attempt_at: Date }>`
    select d.destination, w.id, w.next_attempt_at
      from unnest(${destinations}::text[]) as d(destination)
      cross join lateral (
        select id, next_attempt_at from deliveries
         where destination = d.destination and status = 'queued' and attempt_count = 0
         order by id limit 1) w`.execute(tx);
  return new Map(rows.map((r) => [r.destination, { id: r.id, at: r.next_attempt_at.getTime() }]));
}

/**
 * Creates missing limiter rows, locks them and reads them, in one statement (the no-op update takes
 * the row lock and returns the row), in key order so transactions never deadlock.
 */
export async function lockLimiters(tx: Tx, keys: readonly string[]): Promise<Map<string, LimiterState>> {
  const loaded = new Map<string, LimiterState>();
  if (keys.length === 0) return loaded;
  const { rows } = await sql<{ key: string; slots: number[]; busy_owner: string | null; busy_until: Date | null; tail_at: number }>`
    insert into rate_limits (key) select unnest(${[...keys]}::text[]) order by 1
    on conflict (key) do update set key = excluded.key
    returning key, slots, busy_owner, busy_until, tail_at`.execute(tx);
  for (const r of rows) {
    loaded.set(r.key, {
      slots: r.slots.map(Number),
      busyOwner: r.busy_owner,
      busyUntil: r.busy_until ? r.busy_until.getTime() : 0,
      tailAt: Number(r.tail_at),
    });
  }
  return loaded;
}

export async function saveLimiters(tx: Tx, state: ReadonlyMap<string, LimiterState>): Promise<void> {
  if (state.size === 0) return;
  const json = JSON.stringify(
    [...state].map(([key, s]) => ({
      key,
      slots: s.slots,
      busy_owner: s.busyOwner,
      busy_until: s.busyOwner === null ? null : new Date(s.busyUntil).toISOString(),
      tail_at: s.tailAt,
    })),
  );
  await sql`
    update rate_limits r
       set slots = coalesce((select array_agg(x::double precision order by x::double precision)
                               from jsonb_array_elements_text(v.slots) x), '{}'),
           busy_owner = v.busy_owner, busy_until = v.busy_until, tail_at = v.tail_at
      from jsonb_to_recordset(${json}::jsonb) as v(key text, slots jsonb, busy_owner text, busy_until timestamptz, tail_at double precision)
     where r.key = v.key`.execute(tx);
}
