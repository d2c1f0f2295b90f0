import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EmulatorHost } from '../lib/emulators.js';
import { seedUsers } from '../lib/seed.js';
import { benchEnv, enqueue, freshSchema, startBenchTayori } from '../lib/tayori.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

/**
 * Figure 5: throughput with `workers` `tayori worker` processes on one PostgreSQL, `count` deliveries
 * to distinct webhooks. The workers start first and are paused (SIGSTOP) while the queue fills, so
 * only delivery is timed.
 */
export async function scaling(host: EmulatorHost, serverUrl: string, workers: number, count: number): Promise<number> {
  const schema = await freshSchema(serverUrl);
  const env = benchEnv([host.urls.slack, host.urls.teams], host.urls.chatwork, { url: schema.url });
  const api = await startBenchTayori(env, 0);
  const children: ChildProcess[] = [];
  try {
    await api.api('PUT', '/v1/kinds/bench', { label: { ja: 'ベンチマーク' } });
    const users = await seedUsers(api.tayori, count, { slack: (await host.slackHooks(count)).map((webhookUrl) => ({ webhookUrl })) }, 'sc');
    for (let i = 0; i < workers; i++) {
      const child = spawn(process.execPath, [CLI, 'worker'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => d.toString().includes('worker running') && resolve());
        child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
      });
      child.kill('SIGSTOP');
      children.push(child);
    }
    await enqueue(api.api, users, 100, 'sc', () => 'スケール計測');
    const before = await host.stats();
    const t0 = performance.now();
    for (const c of children) c.kill('SIGCONT');
    await host.waitFor(before.slack + before.teams + before.chatwork + count);
    const rate = count / ((performance.now() - t0) / 1000);
    await host.forget();
    return rate;
  } finally {
    for (const c of children) {
      c.kill('SIGCONT');
      c.kill('SIGTERM');
    }
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await api.close();
    await schema.drop();
  }
}
