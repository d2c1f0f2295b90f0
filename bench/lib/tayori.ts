import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { DeliveryWorker } from '../../src/delivery/worker.js';
import { createLogger } from '../../src/logger.js';
import { startTayori, type Tayori } from '../../src/main.js';
import { randomToken } from '../../src/ids.js';

export const BENCH_KEY = 'bench-bootstrap-key-0123456789abcdefghijkl';
export const BENCH_SECRET = Buffer.alloc(32, 5).toString('base64');
export type DbKind = 'pglite' | 'postgres';

/** A PostgreSQL schema of its own for one measurement, dropped afterwards. */
export async function freshSchema(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `bench_${randomToken(8).toLowerCase()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

export function benchEnv(origins: string[], chatworkUrl: string, database: { url?: string; dataDir?: string }): Record<string, string> {
  return {
    PORT: '0',
    LOG_LEVEL: 'warn',
    TAYORI_BOOTSTRAP_API_KEY: BENCH_KEY,
    TAYORI_SECRET_KEY: BENCH_SECRET,
    TAYORI_EXTRA_WEBHOOK_ORIGINS: origins.join(','),
    TAYORI_CHATWORK_API_URL: chatworkUrl,
    ...(database.url ? { DATABASE_URL: database.url } : { TAYORI_DATA_DIR: database.dataDir ?? 'memory://' }),
  };
}

export async function startBenchTayori(env: Record<string, string>, workers: number): Promise<{ tayori: Tayori; api: Api; close(): Promise<void> }> {
  const tayori = await startTayori(loadConfig({ ...env, TAYORI_WORKERS: String(workers) }), { logger: createLogger('warn') });
  const api = apiClient(tayori.url!);
  return { tayori, api, close: () => tayori.close() };
}

export type Api = <T = unknown>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;

export function apiClient(url: string): Api {
  return async (method, path, body) => {
    const res = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as never };
  };
}

/** A worker in this process, started when the queue is ready (so only delivery is timed). */
export function benchWorker(tayori: Tayori, concurrency?: number): DeliveryWorker {
  const ctx = tayori.ctx;
  return new DeliveryWorker({
    db: ctx.db,
    channels: ctx.channels,
    secretBox: ctx.secretBox,
    clock: ctx.clock,
    logger: process.env['BENCH_TRACE'] ? createLogger('trace') : ctx.logger,
    metrics: ctx.metrics,
    retrySchedule: [5_000, 30_000],
    newId: ctx.newId,
    pollMs: 50,
    ...(concurrency ?? process.env['BENCH_CONCURRENCY'] ? { concurrency: concurrency ?? Number(process.env['BENCH_CONCURRENCY']) } : {}),
  });
}

/** Posts events of `perEvent` recipients covering `users`, 8 requests at a time. */
export async function enqueue(api: Api, users: string[], perEvent: number, idPrefix: string, title: (i: number) => string): Promise<void> {
  const events: { id: string; recipients: string[] }[] = [];
  for (let i = 0; i < users.length; i += perEvent) events.push({ id: `${idPrefix}-${i}`, recipients: users.slice(i, i + perEvent) });
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < events.length) {
        const e = events[next++]!;
        const r = await api('POST', '/v1/events', { id: e.id, kind: 'bench', title: title(next), recipients: e.recipients });
        if (r.status !== 202) throw new Error(`enqueue: ${r.status} ${JSON.stringify(r.body)}`);
      }
    }),
  );
}
