import type { EmulatorHost } from '../lib/emulators.js';
import { seedUsers } from '../lib/seed.js';
import { benchEnv, freshSchema, startBenchTayori, type DbKind } from '../lib/tayori.js';

/**
 * Figure 3: end-to-end latency at a steady load below saturation: `rate` events per second, each to
 * one user's Slack webhook (a different webhook each time, so no limit applies), for `seconds`.
 * Measured from the moment the 202 arrives to the moment the emulator received the message
 * (both wall clocks of this machine).
 */
export async function latency(host: EmulatorHost, db: DbKind, serverUrl: string, rate: number, seconds: number): Promise<void> {
  const schema = db === 'postgres' ? await freshSchema(serverUrl) : undefined;
  const env = benchEnv([host.urls.slack, host.urls.teams], host.urls.chatwork, schema ? { url: schema.url } : {});
  const { tayori, api, close } = await startBenchTayori(env, 1);
  try {
    const total = rate * seconds;
    await api('PUT', '/v1/kinds/bench', { label: { ja: 'ベンチマーク' } });
    const users = await seedUsers(tayori, total, { slack: (await host.slackHooks(total)).map((webhookUrl) => ({ webhookUrl })) }, 'lat');
    await host.forget();
    const accepted = new Map<number, number>();
    const started = performance.now();
    const posts: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      posts.push(
        api('POST', '/v1/events', { id: `lat-${i}`, kind: 'bench', title: `bench-${i} 遅延計測`, recipients: [users[i]!] }).then((r) => {
          if (r.status !== 202) throw new Error(`latency post got ${r.status}`);
          accepted.set(i, performance.timeOrigin + performance.now());
        }),
      );
    }
    await Promise.all(posts);
    await host.waitFor(total, 60_000);
    const receipts = await host.receipts();
    const samples = receipts.filter((r) => accepted.has(r.marker)).map((r) => r.at - accepted.get(r.marker)!);
    samples.sort((a, b) => a - b);
    const p = (q: number) => Math.max(0, samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!).toFixed(0);
    console.log(
      `latency (${db}): p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms from 202 to the emulator, at ${rate} events/s for ${seconds} s ` +
        `(${samples.length} messages; goal p99 ≤ 100 ms)`,
    );
  } finally {
    await close();
    await schema?.drop();
  }
}
