import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { randomToken } from '../../src/ids.js';

/** Whether this run uses the PostgreSQL server (TEST_DATABASE_URL) rather than PGlite. */
export const onPostgres = Boolean(process.env['TEST_DATABASE_URL']);

export interface TestDatabase extends Database {
  /** The connection string for child processes (PostgreSQL only), bound to this test's schema. */
  url?: string;
  schema?: string;
}

/**
 * A fresh, migrated database for one test file: a clone of the migrated PGlite template, or, with
 * TEST_DATABASE_URL, a schema of its own on the PostgreSQL server (dropped on close).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env['TEST_DATABASE_URL'];
  if (!serverUrl) {
    const template = readFileSync(inject('pgliteTemplate'));
    return openDatabase({ loadDataDir: new Blob([template]) });
  }
  const schema = `t_${randomToken(10).toLowerCase()}`;
  const admin = await openDatabase({ url: serverUrl, poolSize: 1 });
  await sql.raw(`create schema ${schema}`).execute(admin.db);
  await admin.close();
  const url = withSearchPath(serverUrl, schema);
  const database = await openDatabase({ url, poolSize: 8 });
  await migrateToLatest(database.db as never);
  return {
    ...database,
    url,
    schema,
    close: async () => {
      await database.close();
      const cleanup = await openDatabase({ url: serverUrl, poolSize: 1 });
      await sql.raw(`drop schema ${schema} cascade`).execute(cleanup.db);
      await cleanup.close();
    },
  };
}

export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
