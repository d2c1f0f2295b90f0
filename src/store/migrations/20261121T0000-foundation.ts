import { sql, type Kysely } from 'kysely';

/** One statement per entry: the embedded database prepares each statement on its own. */
const STATEMENTS = [
  `create table orgs (
    id text primary key,
    name text not null,
    created_at timestamptz not null
  )`,
  `create table api_keys (
    prefix text primary key,
    org_id text not null references orgs(id) on delete cascade,
    hash bytea not null unique,
    created_at timestamptz not null,
    revoked_at timestamptz
  )`,
  `create index api_keys_org on api_keys(org_id)`,
  `create table users (
    org_id text not null references orgs(id) on delete cascade,
    id text not null,
    name text not null,
    email text,
    locale text not null default 'ja',
    time_zone text not null default 'Asia/Tokyo',
    role text not null default 'member',
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, id)
  )`,
  `create index users_email on users(org_id, lower(email))`,
  `create table kinds (
    org_id text not null references orgs(id) on delete cascade,
    key text not null,
    label_ja text not null,
    label_en text,
    description text,
    default_on boolean not null default true,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, key)
  )`,
  `create table preferences (
    org_id text not null,
    user_id text not null,
    service text not null,
    kind text not null,
    enabled boolean not null,
    primary key (org_id, user_id, service, kind),
    foreign key (org_id, user_id) references users(org_id, id) on delete cascade
  )`,
  `create table connections (
    org_id text not null,
    user_id text not null,
    service text not null,
    type text not null default 'personal',
    enabled boolean not null,
    status text not null default 'ok',
    broken_reason text,
    broken_at timestamptz,
    broken_delivery_id uuid,
    config jsonb not null default '{}',
    secrets text not null,
    destination text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, user_id, service),
    foreign key (org_id, user_id) references users(org_id, id) on delete cascade
  )`,
  `create table events (
    org_id text not null references orgs(id) on delete cascade,
    id text not null,
    kind text not null,
    title text not null,
    body text,
    url text,
    actor_name text,
    occurred_at timestamptz not null,
    created_at timestamptz not null,
    skipped jsonb not null default '[]',
    primary key (org_id, id)
  )`,
  `create table deliveries (
    id uuid primary key,
    org_id text not null,
    event_id text not null,
    user_id text not null,
    service text not null,
    kind text not null,
    status text not null,
    attempt_count integer not null default 0,
    next_attempt_at timestamptz not null,
    lease_owner text,
    lease_expires_at timestamptz,
    destination text not null,
    last_reason text,
    last_detail text,
    provider_message_id text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    finished_at timestamptz,
    foreign key (org_id, event_id) references events(org_id, id) on delete cascade
  )`,
  // The claim query walks this index: due work in order, nothing else.
  `create index deliveries_due on deliveries(next_attempt_at, id) where status = 'queued'`,
  `create index deliveries_leased on deliveries(lease_expires_at) where status = 'sending'`,
  `create index deliveries_org_newest on deliveries(org_id, id desc)`,
  `create index deliveries_org_user on deliveries(org_id, user_id, id desc)`,
  `create index deliveries_event on deliveries(org_id, event_id)`,
  `create table attempts (
    id bigint generated always as identity primary key,
    delivery_id uuid not null references deliveries(id) on delete cascade,
    org_id text not null,
    attempt_no integer not null,
    started_at timestamptz not null,
    duration_ms integer not null,
    outcome text not null,
    reason text,
    status_code integer,
    detail text,
    retry_at timestamptz
  )`,
  `create index attempts_delivery on attempts(delivery_id, id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
