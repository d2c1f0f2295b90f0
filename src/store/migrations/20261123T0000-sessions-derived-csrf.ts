import { sql, type Kysely } from 'kysely';

/**
 * The settings forms' token is derived from the session id (security/tokens.ts csrfTokenFor), so it is
 * no longer stored: a database dump holds nothing that helps forge a form post.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sessions drop column csrf_token`.execute(db);
}
