import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { EmulatorHost } from '../lib/emulators.js';
import { seedUsers } from '../lib/seed.js';
import { benchEnv, freshSchema, startBenchTayori, type DbKind } from '../lib/tayori.js';

// The `tayori` command itself, as users run it (its first line sets Node's heap sizing).
const BIN = fileURLToPath(new URL('../../../bin/tayori.js', import.meta.url));

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/**
 * Figure 4: resident memory of a `tayori serve` process (API and a worker) while 1,000,000 deliveries
 * are queued and it works through them for `seconds`: nothing may hold the queue in memory.
 */
export async function memory(host: EmulatorHost, db: DbKind, serverUrl: string, queued: number, seconds: number): Promise<void> {
  const schema = db === 'postgres' ? await freshSchema(serverUrl) : undefined;
  const dataDir = db === 'pglite' ? mkdtempSync(join(tmpdir(), 'tayori-bench-mem-')) : undefined;
  const env = benchEnv([host.urls.slack, host.urls.teams], host.urls.chatwork, schema ? { url: schema.url } : { dataDir: dataDir! });
  try {
    const destinations = 1000;
    const t0 = performance.now();
    const setup = await startBenchTayori(env, 0);
    await setup.api('PUT', '/v1/kinds/bench', { label: { ja: 'ベンチマーク' } });
    await seedUsers(setup.tayori, destinations, { slack: (await host.slackHooks(destinations)).map((webhookUrl) => ({ webhookUrl })) }, 'mem');
    const db0 = setup.tayori.ctx.db;
    const events = queued / destinations;
    await sql`insert into events (org_id, id, kind, title, occurred_at, created_at)
              select 'default', 'mem-' || g, 'bench', 'bench-mem メモリ計測 ' || g, now(), now() from generate_series(0, ${events - 1}::int) g`.execute(db0);
    // Queued in slices so the setup itself stays small on the embedded database.
    for (let from = 0; from < queued; from += 100_000) {
      await sql`insert into deliveries (id, org_id, event_id, user_id, service, kind, status, attempt_count, next_attempt_at, destination, created_at, updated_at)
                select gen_random_uuid(), 'default', 'mem-' || (g / ${destinations}::int), c.user_id, 'slack', 'bench', 'queued', 0, now(), c.destination, now(), now()
                  from generate_series(${from}::int, ${Math.min(queued, from + 100_000) - 1}::int) g
                  join connections c on c.org_id = 'default' and c.user_id = 'mem' || (g % ${destinations}::int) and c.service = 'slack'`.execute(db0);
    }
    await setup.close();
    const setupSeconds = (performance.now() - t0) / 1000;

    const before = await host.stats();
    const childEnv = {
      ...process.env,
      ...env,
      TAYORI_WORKERS: '1',
      ...(process.env['BENCH_CHILD_LOG'] ? { LOG_LEVEL: 'trace' } : {}),
      ...(process.env['BENCH_HEAP_SNAPSHOT'] ? { NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${process.env['BENCH_HEAP_SNAPSHOT']}` } : {}),
    };
    const child = spawn(BIN, ['serve'], { env: childEnv, stdio: ['ignore', 'pipe', 'inherit'] });
    const childLog: string[] = [];
    let childUrl = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        if (childLog.length < 2000) childLog.push(d.toString());
        const m = /listening on (http:\/\/\S+) /.exec(d.toString());
        if (m) {
          childUrl = m[1]!;
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    let peak = 0;
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      peak = Math.max(peak, rssMiB(child.pid!));
      await new Promise((r) => setTimeout(r, 250));
    }
    if (process.env['BENCH_HEAP_SNAPSHOT']) {
      child.kill('SIGUSR2');
      await new Promise((r) => setTimeout(r, 8000));
    }
    const after = await host.stats();
    // Where the memory is, from the process's own /metrics: the JavaScript heap and buffers outside it
    // (the embedded database's WebAssembly memory is neither, so it is the rest of the resident set).
    const metrics = await (await fetch(`${childUrl}/metrics`)).text();
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(metrics)?.[1] ?? NaN) / 2 ** 20;
    const heap = gauge('tayori_process_nodejs_heap_size_total_bytes');
    const used = gauge('tayori_process_nodejs_heap_size_used_bytes');
    const external = gauge('tayori_process_nodejs_external_memory_bytes');
    if (process.env['BENCH_CHILD_LOG']) console.log(childLog.join(''));
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    console.log(
      `memory (${db}): peak RSS ${peak.toFixed(0)} MiB of a serve process with ${queued.toLocaleString('en')} deliveries queued, ` +
        `sending ${after.slack - before.slack} in ${seconds} s to ${destinations} webhooks at their 1/s limit (goal ≤ 300 MB; ` +
        `at the end: JS heap ${used.toFixed(0)} of ${heap.toFixed(0)} MiB used, external ${external.toFixed(0)} MiB; setup ${setupSeconds.toFixed(0)} s)`,
    );
    await host.forget();
  } finally {
    await schema?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
