import { sql, type Kysely } from 'kysely';

/**
 * Sign-in links and settings-page sessions. Only SHA-256 hashes of the link token and of the session
 * id are stored, so a database dump cannot be used to sign in. Both go with their user (cascade).
 */
const STATEMENTS = [
  `create table sign_in_links (
    token_hash bytea primary key,
    org_id text not null,
    user_id text not null,
    redirect text,
    locale text,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz,
    foreign key (org_id, user_id) references users(org_id, id) on delete cascade
  )`,
  `create index sign_in_links_expires on sign_in_links(expires_at)`,
  `create table sessions (
    id_hash bytea primary key,
    org_id text not null,
    user_id text not null,
    csrf_token text not null,
    locale text,
    flash jsonb,
    created_at timestamptz not null,
    last_seen_at timestamptz not null,
    expires_at timestamptz not null,
    foreign key (org_id, user_id) references users(org_id, id) on delete cascade
  )`,
  `create index sessions_expires on sessions(expires_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
