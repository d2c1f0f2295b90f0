import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../emulators/slack/server.js';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db.js';
import { FLEET_SECRET_KEY, fleetEnv, startWorker } from '../helpers/fleet.js';
import type { Spawned } from '../helpers/process.js';
import { eventually, startTestTayori, type TestTayori } from '../helpers/tayori.js';

/**
 * PRODUCT §5 scale-out: `tayori worker` processes on one PostgreSQL share the queue, no delivery is
 * sent twice, and the per-webhook limit (1/s, enforced by the emulator with 429s) holds across all of
 * them. Needs the PostgreSQL server (TEST_DATABASE_URL); the embedded database is one process by design.
 */
describe.skipIf(!onPostgres)('one API server and three worker processes on PostgreSQL', () => {
  let database: TestDatabase;
  let slack: SlackEmulator;
  let t: TestTayori;
  const workers: Spawned[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    slack = await SlackEmulator.start({ latencyMs: 5 });
    t = await startTestTayori({
      database,
      workers: 0,
      env: { TAYORI_EXTRA_WEBHOOK_ORIGINS: slack.url, TAYORI_SECRET_KEY: FLEET_SECRET_KEY },
    });
    const env = fleetEnv(database, { TAYORI_EXTRA_WEBHOOK_ORIGINS: slack.url, LOG_LEVEL: 'warn' });
    workers.push(...(await Promise.all([startWorker(env), startWorker(env), startWorker(env)])));
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await t?.close();
    await database?.close();
    await slack?.close();
  });

  it('delivers 1,000 notifications to 100 webhooks once each, with no 429', async () => {
    await t.api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿' } });
    const users = Array.from({ length: 100 }, (_, i) => `u${i}`);
    for (const u of users) {
      await t.api('PUT', `/v1/users/${u}`, { name: u });
      await t.api('PUT', `/v1/users/${u}/connections/slack`, { webhookUrl: slack.createWebhook() });
    }
    const started = Date.now();
    for (let e = 0; e < 10; e++) {
      const r = await t.api('POST', '/v1/events', { id: `ev-${e}`, kind: 'mention', title: `event ${e}`, recipients: users });
      expect(r.body.deliveries).toHaveLength(100);
    }
    await eventually(async () => expect(slack.messages.length).toBeGreaterThanOrEqual(1000), 90_000, 200);
    const seconds = (Date.now() - started) / 1000;
    // Give a would-be duplicate time to show up.
    await new Promise((r) => setTimeout(r, 1500));
    const perHookAndEvent = new Map<string, number>();
    for (const m of slack.messages) {
      const k = `${m.hook} ${m.payload.text}`;
      perHookAndEvent.set(k, (perHookAndEvent.get(k) ?? 0) + 1);
    }
    expect(slack.messages).toHaveLength(1000);
    expect([...perHookAndEvent.values()].every((n) => n === 1)).toBe(true);
    expect(slack.rateLimited).toBe(0);
    // Each webhook's messages arrived in event order (one destination, one in flight, oldest first).
    const byHook = new Map<string, string[]>();
    for (const m of slack.messages) byHook.set(m.hook, [...(byHook.get(m.hook) ?? []), m.payload.text!]);
    for (const [hook, texts] of byHook) {
      const expected = texts.map((_, i) => `[自分宛ての投稿] event ${i}`);
      if (JSON.stringify(texts) !== JSON.stringify(expected)) {
        console.log(hook, slack.messages.filter((m) => m.hook === hook).map((m) => `${m.payload.text} @${m.receivedAt}`));
      }
      expect(texts).toEqual(expected);
    }
    const delivered = await t.api('GET', '/v1/deliveries?status=delivered&limit=1');
    expect(delivered.body.deliveries).toHaveLength(1);
    const queued = await t.api('GET', '/v1/deliveries?status=queued&limit=1');
    expect(queued.body.deliveries).toEqual([]);
    console.log(`scale-out: 1000 deliveries over 100 webhooks (1/s each) in ${seconds.toFixed(1)} s by 3 worker processes`);
  }, 120_000);
});
