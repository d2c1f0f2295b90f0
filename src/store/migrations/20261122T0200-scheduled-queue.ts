import { sql, type Kysely } from 'kysely';

/**
 * Deliveries already given a time (deferred by a limit, or a retry) are claimed from their own index,
 * ahead of newcomers. Measured: with one index, a backlog of a million newcomers to 1,000 rate-limited
 * webhooks sorted ahead of every deferred delivery that had come due: 102 sends in 20 s.
 * `rate_limits.tail_at` is the latest time promised to a waiting delivery of a destination (ms).
 */
const STATEMENTS = [
  `alter table deliveries add column scheduled boolean not null default false`,
  `drop index deliveries_due`,
  `create index deliveries_due_scheduled on deliveries(next_attempt_at, id) where status = 'queued' and scheduled`,
  // Newcomers are taken in creation order (UUIDv7 ids), the order a destination must receive them in.
  `create index deliveries_fresh on deliveries(id) where status = 'queued' and not scheduled`,
  `alter table rate_limits add column tail_at double precision not null default 0`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
