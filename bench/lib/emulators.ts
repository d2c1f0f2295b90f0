import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';

export interface EmulatorHost {
  urls: { control: string; slack: string; teams: string; chatwork: string };
  slackHooks(count: number): Promise<string[]>;
  teamsHooks(count: number): Promise<string[]>;
  chatwork(count: number): Promise<{ apiToken: string; roomId: string; toAccountId: string }[]>;
  stats(): Promise<{ slack: number; teams: number; teamsFailed: number; chatwork: number; rateLimited: number }>;
  receipts(): Promise<{ marker: number; at: number }[]>;
  forget(): Promise<void>;
  /** Waits until the services together received `total` messages. */
  waitFor(total: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
  pid: number;
}

const HOST = fileURLToPath(new URL('./emulator-host.js', import.meta.url));

export async function startEmulatorHost(): Promise<EmulatorHost> {
  const child: ChildProcess = spawn(process.execPath, [HOST], { stdio: ['ignore', 'pipe', 'inherit'] });
  const urls = await new Promise<EmulatorHost['urls']>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(JSON.parse(d.toString('utf8'))));
    child.once('exit', (code) => reject(new Error(`emulator host exited (${code})`)));
  });
  // One control connection: after a long setup that kept the event loop busy (PGlite inserting a million
  // rows on this thread) the host may have closed it while idle; the write then fails (EPIPE) and the
  // next try opens a fresh one.
  const control = new Agent({ connections: 1, keepAliveTimeout: 10_000 });
  const call = async <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, attempt = 1): Promise<T> => {
    try {
      const res = await request(urls.control + path, { method, body: body === undefined ? undefined : JSON.stringify(body), dispatcher: control });
      return (await res.body.json()) as T;
    } catch (err) {
      if (attempt >= 3) throw err;
      return call<T>(method, path, body, attempt + 1);
    }
  };
  const host: EmulatorHost = {
    urls,
    pid: child.pid!,
    slackHooks: (count) => call('POST', '/slack', { count }),
    teamsHooks: (count) => call('POST', '/teams', { count }),
    chatwork: (count) => call('POST', '/chatwork', { count }),
    stats: () => call('GET', '/stats'),
    receipts: () => call('GET', '/receipts'),
    forget: () => call('POST', '/forget'),
    async waitFor(total, timeoutMs = 300_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const s = await host.stats();
        if (s.slack + s.teams + s.chatwork >= total) return;
        if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(s)} of ${total}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: async () => {
      await control.close();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
  return host;
}
