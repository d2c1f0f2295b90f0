import type { Clock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Channel } from '../../src/channels/channel.js';
import { startTayori, type Tayori } from '../../src/main.js';
import { captureLogs } from './logs.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export const TEST_API_KEY = 'test-bootstrap-key-0123456789abcdefghijkl';
export const TEST_ADMIN_KEY = 'test-platform-key-0123456789abcdefghijklm';

export interface TestTayori {
  tayori: Tayori;
  database: TestDatabase;
  url: string;
  logs: string[];
  /** Calls the API as the default org (or with `key`). */
  api: <T = any>(method: string, path: string, body?: unknown, key?: string) => Promise<{ status: number; body: T; headers: Headers }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

export interface TestTayoriOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** Delivery workers in the process (0: tests drive `tayori.workers` themselves or none at all). */
  workers?: number;
  channels?: (config: Config) => Channel[];
  workerOptions?: Parameters<typeof startTayori>[1] extends infer O ? (O extends { workerOptions?: infer W } ? W : never) : never;
  database?: TestDatabase;
  /** Level of the captured log (default debug; `trace` adds the worker's claim and finish lines). */
  logLevel?: string;
}

/** A real Tayori on a real database and a real port, as a user would run it. */
export async function startTestTayori(options: TestTayoriOptions = {}): Promise<TestTayori> {
  const database = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    PORT: '0',
    TAYORI_DATA_DIR: 'memory://',
    TAYORI_BOOTSTRAP_API_KEY: TEST_API_KEY,
    TAYORI_ADMIN_API_KEY: TEST_ADMIN_KEY,
    TAYORI_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
    TAYORI_WORKERS: String(options.workers ?? 1),
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const { logger, lines } = captureLogs(options.logLevel);
  const tayori = await startTayori(config, {
    database,
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.channels ? { channels: options.channels(config) } : {}),
    workerOptions: { pollMs: 100, ...options.workerOptions },
  });
  const url = tayori.url!;
  const api: TestTayori['api'] = async (method, path, body, key = TEST_API_KEY) => {
    const res = await fetch(url + path, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (metrics, pages)
    }
    return { status: res.status, body: parsed as never, headers: res.headers };
  };
  return {
    tayori,
    database,
    url,
    logs: lines,
    api,
    close: async () => {
      await tayori.close();
      if (!options.database) await database.close();
    },
  };
}

/** Waits until `check` passes (real time, for end-to-end flows through real HTTP). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw lastError;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
