import { sql, type Kysely, type Migration } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Brings the schema up to date, in one transaction: either every pending migration applies or none does.
 * Safe to run from several processes at once: they queue on an advisory lock keyed by the schema.
 *
 * Why not Kysely's Migrator: it checks for its bookkeeping tables by introspecting every table of the
 * whole database, which calls pg_get_serial_sequence() on other schemas' tables; when another schema is
 * dropped at that moment (a test finishing, a tenant removed) the migration fails with "schema … does
 * not exist". Everything here looks only at the connection's own schema (its search_path).
 * The bookkeeping table keeps Kysely's name and columns, so databases it migrated carry on.
 */
export async function migrateToLatest(db: Kysely<unknown>, migrations: Record<string, Migration> = MIGRATIONS): Promise<string[]> {
  const names = Object.keys(migrations).sort();
  return db.transaction().execute(async (tx) => {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(tx);
    const schema = rows[0]?.schema;
    if (!schema) throw new MigrationError('no schema to migrate: the search_path names no existing schema');
    await sql`select pg_advisory_xact_lock(hashtext(${`tayori.migrate:${schema}`}))`.execute(tx);
    await sql`create table if not exists kysely_migration (name varchar(255) primary key, timestamp varchar(255) not null)`.execute(tx);
    const applied = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(tx)).rows.map((r) => r.name);
    const unknown = applied.filter((name) => !Object.hasOwn(migrations, name));
    if (unknown.length > 0) {
      throw new MigrationError(`the database was migrated by a newer Tayori (${unknown.join(', ')}); run that version or newer`);
    }
    const done = new Set(applied);
    const pending = names.filter((name) => !done.has(name));
    for (const name of pending) {
      try {
        await migrations[name]!.up(tx);
      } catch (error) {
        throw new MigrationError(`migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      await sql`insert into kysely_migration (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(tx);
    }
    return pending;
  });
}
