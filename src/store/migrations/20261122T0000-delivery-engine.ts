import { sql, type Kysely } from 'kysely';

/** Shared rate limits, worker heartbeats and notices to users (issue: delivery engine). */
const STATEMENTS = [
  // The limits a connection's sends are subject to (keys and numbers, never secrets), computed when saved.
  `alter table connections add column limits jsonb not null default '[]'`,
  // One row per limiter key: the log of recent send times (ms since epoch) and, for destinations,
  // which worker is sending to it right now.
  `create table rate_limits (
    key text primary key,
    slots double precision[] not null default '{}',
    busy_owner text,
    busy_until timestamptz
  )`,
  // Live delivery workers: a lease held by a worker whose heartbeat stopped is taken back early.
  `create table workers (
    id text primary key,
    started_at timestamptz not null,
    heartbeat_at timestamptz not null
  )`,
  `create table notices (
    id uuid primary key,
    org_id text not null,
    user_id text not null,
    kind text not null,
    service text,
    reason text,
    delivery_id uuid,
    created_at timestamptz not null,
    read_at timestamptz,
    foreign key (org_id, user_id) references users(org_id, id) on delete cascade
  )`,
  `create index notices_user on notices(org_id, user_id, created_at desc)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
