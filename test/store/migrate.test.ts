import type { Kysely} from 'kysely';
import { sql, type Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { MigrationError, migrateToLatest } from '../../src/store/migrate.js';
import { randomToken } from '../../src/ids.js';
import { createTestDatabase, onPostgres, withSearchPath } from '../helpers/db.js';

const opened: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of opened.splice(0).reverse()) await close();
});

/** A database connection whose search_path is a new, empty schema: what a first start sees. */
async function emptySchema(): Promise<{ db: Kysely<unknown>; open: () => Promise<Kysely<unknown>> }> {
  const schema = `m_${randomToken(10).toLowerCase()}`;
  const serverUrl = process.env['TEST_DATABASE_URL'];
  if (!serverUrl) {
    // PGlite is one connection: the search_path set here holds for everything after.
    const database = await createTestDatabase();
    opened.push(() => database.close());
    await sql.raw(`create schema ${schema}`).execute(database.db);
    await sql.raw(`set search_path to ${schema}`).execute(database.db);
    return { db: database.db as never, open: async () => database.db as never };
  }
  const admin = await openDatabase({ url: serverUrl, poolSize: 1 });
  await sql.raw(`create schema ${schema}`).execute(admin.db);
  opened.push(async () => {
    await sql.raw(`drop schema ${schema} cascade`).execute(admin.db);
    await admin.close();
  });
  const open = async () => {
    const database: Database = await openDatabase({ url: withSearchPath(serverUrl, schema), poolSize: 2 });
    opened.push(() => database.close());
    return database.db as never;
  };
  return { db: await open(), open };
}

const tableExists = async (db: Kysely<unknown>, table: string) =>
  (await sql<{ found: string | null }>`select to_regclass(${table})::text as found`.execute(db)).rows[0]?.found !== null;

describe('migrations', () => {
  it('apply in order on an empty schema, once: a second run applies nothing', async () => {
    const { db } = await emptySchema();
    expect(await migrateToLatest(db)).toEqual(Object.keys(MIGRATIONS).sort());
    expect(await tableExists(db, 'deliveries')).toBe(true);
    expect(await migrateToLatest(db)).toEqual([]);
    const recorded = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(recorded.rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS).sort());
  });

  it('a failing migration is named, and leaves the database as it was: none of the pending ones applies', async () => {
    const { db } = await emptySchema();
    const broken: Migration = {
      up: async (tx) => {
        await sql`create table half_done (id int)`.execute(tx);
        throw new Error('column "x" does not exist');
      },
    };
    const first = Object.keys(MIGRATIONS).sort()[0]!;
    const migrations = { [first]: MIGRATIONS[first]!, '29990101T0000-broken': broken };
    const error = await migrateToLatest(db, migrations).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toBe('migration 29990101T0000-broken failed: column "x" does not exist');
    expect(await tableExists(db, 'orgs')).toBe(false);
    expect(await tableExists(db, 'half_done')).toBe(false);
    // Fixed, it runs again from the start.
    expect(await migrateToLatest(db)).toEqual(Object.keys(MIGRATIONS).sort());
  });

  it('refuses a database that a newer Tayori migrated, rather than run against tables it does not know', async () => {
    const { db } = await emptySchema();
    await migrateToLatest(db);
    await sql`insert into kysely_migration (name, timestamp) values ('29990101T0000-from-the-future', '2999-01-01T00:00:00Z')`.execute(db);
    await expect(migrateToLatest(db)).rejects.toThrow(/newer Tayori \(29990101T0000-from-the-future\)/);
  });

  it.skipIf(!onPostgres)('two processes starting together: the migrations apply once', async () => {
    const { db, open } = await emptySchema();
    const other = await open();
    const results = await Promise.all([migrateToLatest(db), migrateToLatest(other)]);
    expect(results.flat().sort()).toEqual(Object.keys(MIGRATIONS).sort());
  });

  it.skipIf(!onPostgres)('other schemas dropped on the same server meanwhile do not disturb it', async () => {
    // Regression: Kysely's Migrator introspected every table of the database and failed with
    // "schema … does not exist" when another schema was dropped at that moment (CI, test files finishing).
    const serverUrl = process.env['TEST_DATABASE_URL']!;
    const churn = await openDatabase({ url: serverUrl, poolSize: 1 });
    opened.push(() => churn.close());
    let stop = false;
    const dropping = (async () => {
      for (let i = 0; !stop; i++) {
        const name = `churn_${randomToken(8).toLowerCase()}`;
        await sql.raw(`create schema ${name}`).execute(churn.db);
        await sql.raw(`create table ${name}.t (id serial primary key, a text, b text, c text)`).execute(churn.db);
        await sql.raw(`drop schema ${name} cascade`).execute(churn.db);
      }
    })();
    try {
      for (let i = 0; i < 10; i++) {
        const { db } = await emptySchema();
        expect(await migrateToLatest(db)).toHaveLength(Object.keys(MIGRATIONS).length);
      }
    } finally {
      stop = true;
      await dropping;
    }
  });
});
