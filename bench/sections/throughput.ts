import { buildSlackPayload } from '../../src/channels/slack/payload.js';
import type { EmulatorHost } from '../lib/emulators.js';
import { profiled } from '../lib/profile.js';
import { rawPosts } from '../lib/raw-client.js';
import { seedUsers } from '../lib/seed.js';
import { benchEnv, benchWorker, enqueue, freshSchema, startBenchTayori, type DbKind } from '../lib/tayori.js';

/**
 * Figure 1: delivery throughput across `count` distinct Slack webhooks (one message each, so no
 * limit applies), against a raw HTTP client posting the same payloads to the same emulator.
 * Only delivery is timed: the queue is filled first, then one worker starts.
 */
export async function throughput(host: EmulatorHost, db: DbKind, serverUrl: string, count: number): Promise<number> {
  const schema = db === 'postgres' ? await freshSchema(serverUrl) : undefined;
  const env = benchEnv([host.urls.slack, host.urls.teams], host.urls.chatwork, schema ? { url: schema.url } : {});
  const { tayori, api, close } = await startBenchTayori(env, 0);
  try {
    await api('PUT', '/v1/kinds/bench', { label: { ja: 'ベンチマーク' } });
    const message = { id: 'x', locale: 'ja' as const, timeZone: 'Asia/Tokyo', kindLabel: 'ベンチマーク', title: 'スループット計測', occurredAt: new Date(), recipientName: 'x' };
    const payload = JSON.stringify(buildSlackPayload(message, 'U0123ABC'));
    // Warm the emulator up first (its JIT makes the first thousand requests several times slower).
    await rawPosts(await host.slackHooks(2000), payload);
    const rawRate = await rawPosts(await host.slackHooks(count), payload);

    const hooks = await host.slackHooks(count);
    const users = await seedUsers(tayori, count, { slack: hooks.map((webhookUrl) => ({ webhookUrl, memberId: 'U0123ABC' })) });
    await enqueue(api, users, 100, 'tp', () => 'スループット計測');
    const before = await host.stats();
    const worker = benchWorker(tayori);
    const t0 = performance.now();
    await profiled(`throughput-${db}`, async () => {
      worker.start();
      await host.waitFor(before.slack + before.teams + before.chatwork + count);
    });
    const rate = count / ((performance.now() - t0) / 1000);
    await worker.stop();
    const after = await host.stats();
    console.log(
      `throughput (${db}): ${rate.toFixed(0)} deliveries/s to ${count} webhooks; raw HTTP client ${rawRate.toFixed(0)} posts/s; ` +
        `ratio ${(rate / rawRate).toFixed(2)} (goal ≥ 0.5); 429s ${after.rateLimited - before.rateLimited}`,
    );
    await host.forget();
    return rate / rawRate;
  } finally {
    await close();
    await schema?.drop();
  }
}
