import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.js';
import type { Tables } from './schema.js';

export type Db = Kysely<Tables>;
export type Tx = Transaction<Tables>;
/** Repositories take either: the caller decides whether the work is part of a transaction. */
export type Executor = Db | Tx;

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** For PostgreSQL: the pool, so LISTEN can borrow a dedicated client. */
  pool?: pg.Pool;
  /** For the embedded database: its data directory as a tarball (tests clone a migrated template). */
  dump?: () => Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; without it, the embedded database is used. */
  url?: string | undefined;
  /** Embedded database directory; `memory://` or undefined keeps it in memory. */
  dataDir?: string | undefined;
  /** Start the embedded database from a dump (tests clone a migrated template this way). */
  loadDataDir?: Blob | undefined;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

const EMBEDDED_SHARED_BUFFERS = '16MB';

// int8 (counts, sums) as numbers: every value we store fits in 2^53.
const int8 = (v: string) => Number.parseInt(v, 10);

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === 20 ? int8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle client that errors (server restart) must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', pool, close: () => db.destroy() };
  }
  const persistent = options.dataDir && !options.dataDir.startsWith('memory://');
  if (persistent) {
    mkdirSync(options.dataDir!, { recursive: true });
    if (!options.loadDataDir) await createDataDirOnce(options.dataDir!);
  }
  const pglite = new PGlite({
    ...(persistent ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    // PGlite's default 128 MB buffer cache is most of its resident memory; the files it caches sit in
    // the OS page cache anyway. Measured (bench, PGlite): RSS of an idle server 295 → 260 MiB at 32 MB, a further 16 MiB less at 16 MB; throughput unchanged.
    postgresqlconf: `shared_buffers = ${EMBEDDED_SHARED_BUFFERS}`,
  });
  await pglite.waitReady;
  const db = new Kysely<Tables>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', dump: () => pglite.dumpDataDir('none'), close: () => db.destroy() };
}

// Runs in a child process: the PGlite module's address comes from the parent, so it resolves the same way
// from the sources (tests) and from dist.
const CREATE_DATA_DIR = `const { PGlite } = await import(process.env.TAYORI_PGLITE_MODULE);
const pglite = new PGlite({ dataDir: process.env.TAYORI_PGLITE_DIR });
await pglite.waitReady;
await pglite.close();`;

/**
 * A new embedded database is created (initdb) in a short-lived child process. PGlite's WebAssembly memory
 * grows to about 700 MiB during initdb and is never given back: a server that created its own database
 * kept 710 MiB resident for its whole life, against about 250 MiB when it started on an existing one
 * (measured, `npm start` on a fresh clone).
 */
async function createDataDirOnce(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const child = spawn(process.execPath, ['--input-type=module', '-e', CREATE_DATA_DIR], {
    env: { PATH: process.env['PATH'] ?? '', TAYORI_PGLITE_MODULE: import.meta.resolve('@electric-sql/pglite'), TAYORI_PGLITE_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`could not create the embedded database in ${dataDir} (exit ${code}): ${stderr.trim()}`);
}

/** Probe for /readyz. */
export async function ping(db: Db): Promise<void> {
  await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
}
