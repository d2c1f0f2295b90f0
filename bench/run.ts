import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import { startEmulatorHost } from './lib/emulators.js';
import { ingestion } from './sections/ingestion.js';
import { latency } from './sections/latency.js';
import { memory } from './sections/memory.js';
import { scaling } from './sections/scaling.js';
import { throughput } from './sections/throughput.js';

/**
 * `npm run bench`: PRODUCT §9, one line per figure. PostgreSQL figures use BENCH_DATABASE_URL
 * (default: the local server of the development machine) and are skipped, saying so, when it is
 * not reachable. BENCH_QUICK=1 runs smaller sizes (a smoke test of the benchmark itself).
 */
const quick = process.env['BENCH_QUICK'] === '1';
const serverUrl = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const only = process.env['BENCH_ONLY']?.split(',');
const want = (name: string) => !only || only.includes(name);

async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    const { rows } = await c.query<{ server_version: string }>('show server_version');
    console.log(`postgres: ${rows[0]!.server_version} at ${new URL(serverUrl).host}`);
    return true;
  } catch {
    console.log(`postgres: not reachable at ${new URL(serverUrl).host}; PostgreSQL figures skipped (set BENCH_DATABASE_URL)`);
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const started = Date.now();
console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${new Date().toISOString()}${quick ? ' (quick)' : ''}`,
);
const hasPg = await postgresReachable();
const host = await startEmulatorHost();
try {
  const dbs = (hasPg ? (['pglite', 'postgres'] as const) : (['pglite'] as const)).filter(
    (d) => !process.env['BENCH_DBS'] || process.env['BENCH_DBS'].split(',').includes(d),
  );
  if (want('throughput')) for (const db of dbs) await throughput(host, db, serverUrl, quick ? 500 : 3000);
  if (want('ingestion')) for (const db of dbs) await ingestion(host, db, serverUrl, quick ? 3 : 10);
  if (want('latency')) for (const db of dbs) await latency(host, db, serverUrl, quick ? 20 : 40, quick ? 5 : 15);
  if (want('memory')) for (const db of dbs) await memory(host, db, serverUrl, quick ? 50_000 : 1_000_000, quick ? 5 : 20);
  if (want('scaling')) {
    if (!hasPg) console.log('scaling: skipped (needs PostgreSQL)');
    else {
      const rates: string[] = [];
      for (const n of [1, 2, 4]) rates.push(`${n} → ${(await scaling(host, serverUrl, n, quick ? 1000 : 4000)).toFixed(0)}/s`);
      console.log(`scaling (postgres): deliveries/s with 1, 2, 4 worker processes: ${rates.join(', ')} (${cpus().length} cores)`);
    }
  }
} finally {
  await host.close();
}
console.log(`bench: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
