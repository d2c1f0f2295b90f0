import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnTayori, type Spawned } from './process.js';
import { createTestDatabase, onPostgres, type TestDatabase } from './db.js';

export const FLEET_API_KEY = 'fleet-bootstrap-key-0123456789abcdefghijk';
export const FLEET_SECRET_KEY = Buffer.alloc(32, 9).toString('base64');

/** Environment for a `tayori` child process on this test's database (a data dir or a PostgreSQL schema). */
export function fleetEnv(database: { url?: string } | { dataDir: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    TAYORI_BOOTSTRAP_API_KEY: FLEET_API_KEY,
    TAYORI_SECRET_KEY: FLEET_SECRET_KEY,
    ...('dataDir' in database ? { TAYORI_DATA_DIR: database.dataDir } : { DATABASE_URL: database.url! }),
    ...extra,
  };
}

/**
 * Where `tayori` child processes keep their data in this run: a PostgreSQL schema of its own with
 * TEST_DATABASE_URL, otherwise a fresh data directory for the embedded database. `cleanup` removes it.
 */
export async function fleetTarget(
  name: string,
): Promise<{ target: { url?: string } | { dataDir: string }; cleanup: () => Promise<void> }> {
  if (onPostgres) {
    const database = await createTestDatabase();
    return { target: { url: database.url! }, cleanup: () => database.close() };
  }
  const dataDir = mkdtempSync(join(tmpdir(), `tayori-${name}-`));
  return { target: { dataDir }, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

export async function startServe(env: Record<string, string>): Promise<{ proc: Spawned; url: string }> {
  const proc = spawnTayori(['serve'], env);
  const [, url] = await proc.waitFor(/listening on (http:\/\/\S+) /);
  return { proc, url: url! };
}

export async function startWorker(env: Record<string, string>): Promise<Spawned> {
  const proc = spawnTayori(['worker'], env);
  await proc.waitFor(/Tayori worker running/);
  return proc;
}

export function client(url: string, key = FLEET_API_KEY) {
  return async <T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const res = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
}

/** Pages through `GET /v1/deliveries` and returns every delivery (for checks over hundreds of them). */
export async function allDeliveries(api: ReturnType<typeof client>, query = ''): Promise<{ id: string; eventId: string; status: string; userId: string }[]> {
  const out: { id: string; eventId: string; status: string; userId: string }[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { deliveries: typeof out; nextCursor: string | null } } = await api(
      'GET',
      `/v1/deliveries?limit=200${query}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    out.push(...page.body.deliveries);
    cursor = page.body.nextCursor;
  } while (cursor);
  return out;
}

export type { TestDatabase };
