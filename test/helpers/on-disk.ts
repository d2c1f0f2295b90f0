import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { startTayori, type Tayori } from '../../src/main.js';
import { captureLogs } from './logs.js';

export interface OnDiskTayori {
  tayori: Tayori;
  dataDir: string;
  /** Every log line, to prove no secret was ever logged. */
  logs: string[];
  /** Every API answer body, for the same proof. */
  answers: string[];
  api: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Stops Tayori (again, if a test already did) and removes the data directory. */
  close(): Promise<void>;
}

export const ON_DISK_API_KEY = 'e2e-bootstrap-key-0123456789abcdefghijklmn';
const KEY = ON_DISK_API_KEY;

/**
 * Tayori as `npm start` runs it: the embedded database in a fresh data directory, a real port, one
 * worker. End-to-end tests use it to check what is left on disk and in the logs afterwards.
 */
export async function startOnDiskTayori(env: Record<string, string>): Promise<OnDiskTayori> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tayori-e2e-'));
  const { logger, lines } = captureLogs('debug');
  const tayori = await startTayori(
    loadConfig({ PORT: '0', TAYORI_DATA_DIR: dataDir, TAYORI_BOOTSTRAP_API_KEY: KEY, LOG_LEVEL: 'debug', ...env }),
    { logger, workerOptions: { pollMs: 100 } },
  );
  const answers: string[] = [];
  return {
    tayori,
    dataDir,
    logs: lines,
    answers,
    api: async (method, path, body) => {
      const res = await fetch(tayori.url + path, {
        method,
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      answers.push(text);
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    close: async () => {
      await tayori.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
