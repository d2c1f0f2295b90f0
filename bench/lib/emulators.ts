import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
  const call = async <T>(method: string, path: string, body?: unknown, retried = false): Promise<T> => {
    try {
      const res = await fetch(urls.control + path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
      return (await res.json()) as T;
    } catch (err) {
      // After a long setup the kept-alive connection may have been closed by the host: one retry.
      if (retried) throw err;
      return call<T>(method, path, body, true);
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
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
  return host;
}
