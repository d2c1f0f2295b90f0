import type { EmulatorHost } from '../lib/emulators.js';
import { seedUsers } from '../lib/seed.js';
import { benchEnv, freshSchema, startBenchTayori, type DbKind } from '../lib/tayori.js';

/**
 * Figure 2: `POST /v1/events` per second, each to 5 recipients who have Chatwork, Slack and Teams
 * connected (15 deliveries planned and committed per event), 16 clients for `seconds`. Workers are off:
 * this measures the API and the outbox alone.
 */
export async function ingestion(host: EmulatorHost, db: DbKind, serverUrl: string, seconds: number): Promise<void> {
  const schema = db === 'postgres' ? await freshSchema(serverUrl) : undefined;
  const env = benchEnv([host.urls.slack, host.urls.teams], host.urls.chatwork, schema ? { url: schema.url } : {});
  const { tayori, api, close } = await startBenchTayori(env, 0);
  try {
    const n = 200;
    await api('PUT', '/v1/kinds/bench', { label: { ja: 'ベンチマーク' } });
    const [slack, teams, chatwork] = await Promise.all([host.slackHooks(n), host.teamsHooks(n), host.chatwork(n)]);
    const users = await seedUsers(tayori, n, {
      slack: slack.map((webhookUrl) => ({ webhookUrl })),
      teams: teams.map((webhookUrl) => ({ webhookUrl })),
      chatwork,
    });
    let sent = 0;
    let deliveries = 0;
    const latencies: number[] = [];
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: 16 }, async (_, client) => {
        while (performance.now() < deadline) {
          const i = sent++;
          const recipients = Array.from({ length: 5 }, (_, j) => users[(i * 5 + j + client) % n]!);
          const t0 = performance.now();
          const r = await api<{ deliveries: unknown[] }>('POST', '/v1/events', {
            id: `in-${i}`,
            kind: 'bench',
            title: '取り込み計測',
            body: '工程「基礎工事」に新しい投稿があります。',
            url: 'https://app.example.com/posts/1',
            recipients,
          });
          latencies.push(performance.now() - t0);
          if (r.status !== 202) throw new Error(`ingestion got ${r.status}`);
          deliveries += r.body.deliveries.length;
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
    console.log(
      `ingestion (${db}): ${(sent / seconds).toFixed(0)} events/s (5 recipients × 3 services, ${(deliveries / seconds).toFixed(0)} deliveries/s committed); ` +
        `request p50 ${p(0.5)} ms, p99 ${p(0.99)} ms with 16 clients`,
    );
  } finally {
    await close();
    await schema?.drop();
  }
}
