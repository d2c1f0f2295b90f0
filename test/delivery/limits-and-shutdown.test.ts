import { afterAll, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../emulators/slack/server.js';
import { onPostgres } from '../helpers/db.js';
import { allDeliveries, client, fleetEnv, fleetTarget, startServe } from '../helpers/fleet.js';
import { eventually, startTestTayori } from '../helpers/tayori.js';

describe('limits kept by Tayori itself', () => {
  it('a burst of 6 notifications to one Slack webhook arrives in order, spaced ≥ 1 s, with no 429', async () => {
    const slack = await SlackEmulator.start(); // 1 request per second per webhook, 429 beyond
    const t = await startTestTayori({ env: { TAYORI_EXTRA_WEBHOOK_ORIGINS: slack.url } });
    try {
      await t.api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿' } });
      await t.api('PUT', '/v1/users/u1', { name: 'u1' });
      const hook = slack.createWebhook();
      await t.api('PUT', '/v1/users/u1/connections/slack', { webhookUrl: hook });
      for (let i = 0; i < 6; i++) await t.api('POST', '/v1/events', { id: `b${i}`, kind: 'mention', title: `burst ${i}`, recipients: ['u1'] });
      await slack.waitForMessages(6, 20_000);
      expect(slack.rateLimited).toBe(0);
      const got = slack.messagesFor(hook);
      expect(got.map((m) => m.payload.text)).toEqual(Array.from({ length: 6 }, (_, i) => `[自分宛ての投稿] burst ${i}`));
      for (let i = 1; i < got.length; i++) expect(got[i]!.receivedAt - got[i - 1]!.receivedAt).toBeGreaterThanOrEqual(1000);
      // Waiting for the limit is not an attempt.
      const deliveries = (await t.api('GET', '/v1/deliveries?userId=u1')).body.deliveries;
      expect(deliveries.map((d: { attemptCount: number }) => d.attemptCount)).toEqual([1, 1, 1, 1, 1, 1]);
    } finally {
      await t.close();
      await slack.close();
    }
  }, 40_000);
});

describe(`SIGTERM on ${onPostgres ? 'PostgreSQL' : 'the embedded database'}`, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('stops taking work, finishes the sends in flight, records them, and exits 0', async () => {
    const slack = await SlackEmulator.start({ latencyMs: 1500 });
    cleanups.push(() => slack.close());
    const { target, cleanup } = await fleetTarget('term');
    cleanups.push(cleanup);
    const env = fleetEnv(target, { TAYORI_EXTRA_WEBHOOK_ORIGINS: slack.url, LOG_LEVEL: 'warn' });
    const first = await startServe(env);
    const api = client(first.url);
    await api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿' } });
    for (let i = 0; i < 5; i++) {
      await api('PUT', `/v1/users/u${i}`, { name: `u${i}` });
      await api('PUT', `/v1/users/u${i}/connections/slack`, { webhookUrl: slack.createWebhook() });
      await api('POST', '/v1/events', { id: `t${i}`, kind: 'mention', title: `term ${i}`, recipients: [`u${i}`] });
    }
    await eventually(async () => expect(slack.inFlight).toBeGreaterThan(0), 10_000, 10);
    first.proc.child.kill('SIGTERM');
    expect(await first.proc.exited).toBe(0);
    const sentBeforeExit = slack.messages.length;
    expect(sentBeforeExit).toBeGreaterThan(0);

    // Everything that was in flight was recorded as delivered: nothing is lost, nothing sent twice.
    const second = await startServe(env);
    cleanups.push(() => void second.proc.child.kill('SIGTERM'));
    const api2 = client(second.url);
    const all = await eventually(async () => {
      const d = await allDeliveries(api2);
      expect(d.filter((x) => x.status !== 'delivered')).toEqual([]);
      return d;
    }, 30_000, 200);
    expect(all).toHaveLength(5);
    expect(slack.messages).toHaveLength(5);
    const lost = await Promise.all(all.map(async (d) => (await api2('GET', `/v1/events/${d.eventId}`)).body.deliveries[0].attempts));
    expect(lost.flat().map((a: { outcome: string }) => a.outcome)).toEqual(['delivered', 'delivered', 'delivered', 'delivered', 'delivered']);
  }, 90_000);
});
