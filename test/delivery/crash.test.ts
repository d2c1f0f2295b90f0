import { afterAll, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../emulators/slack/server.js';
import { DEFAULT_CONCURRENCY } from '../../src/delivery/worker.js';
import { onPostgres } from '../helpers/db.js';
import { allDeliveries, client, fleetEnv, fleetTarget, startServe } from '../helpers/fleet.js';
import { eventually } from '../helpers/tayori.js';

/**
 * PRODUCT §5: "a crash at any point (including kill -9 of a worker mid-send) ends with every delivery
 * finished or retried." 300 accepted events, the server killed with SIGKILL while sending, restarted on
 * the same data: all 300 delivered.
 */
describe(`kill -9 mid-send on ${onPostgres ? 'PostgreSQL' : 'the embedded database'}`, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('delivers all 300 events after a SIGKILL and a restart on the same data', async () => {
    // A slow service (1 s a request) keeps most sends pending when the kill comes.
    const slack = await SlackEmulator.start({ latencyMs: 1000 });
    cleanups.push(() => slack.close());
    const { target, cleanup } = await fleetTarget('crash');
    cleanups.push(cleanup);
    const env = fleetEnv(target, { TAYORI_EXTRA_WEBHOOK_ORIGINS: slack.url, LOG_LEVEL: 'warn' });

    const first = await startServe(env);
    cleanups.push(() => void first.proc.child.kill('SIGKILL'));
    const api = client(first.url);
    await api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿' } });
    for (let i = 0; i < 300; i++) {
      await api('PUT', `/v1/users/u${i}`, { name: `user ${i}` });
      await api('PUT', `/v1/users/u${i}/connections/slack`, { webhookUrl: slack.createWebhook() });
    }
    // Accept all 300 while the service holds every request, so the kill below lands mid-way whatever
    // the machine's speed.
    slack.pause();
    for (let i = 0; i < 300; i += 30) {
      const batch = Array.from({ length: 30 }, (_, j) =>
        api('POST', '/v1/events', { id: `ev-${i + j}`, kind: 'mention', title: `event ${i + j}`, recipients: [`u${i + j}`] }),
      );
      for (const r of await Promise.all(batch)) expect(r.status).toBe(202);
    }
    slack.resume();
    await eventually(async () => expect(slack.messages.length).toBeGreaterThanOrEqual(30), 30_000, 10);
    first.proc.child.kill('SIGKILL');
    await first.proc.exited;
    const atKill = slack.messages.length;
    expect(atKill).toBeLessThan(200); // the kill really happened mid-way

    const second = await startServe(env);
    cleanups.push(() => void second.proc.child.kill('SIGTERM'));
    const api2 = client(second.url);
    const finalDeliveries = await eventually(
      async () => {
        const all = await allDeliveries(api2);
        expect(all.filter((d) => d.status !== 'delivered')).toEqual([]);
        return all;
      },
      60_000,
      250,
    );
    expect(finalDeliveries).toHaveLength(300);
    const received = new Set(slack.messages.map((m) => m.payload.text));
    for (let i = 0; i < 300; i++) expect(received.has(`[自分宛ての投稿] event ${i}`)).toBe(true);
    // Duplicates only where the outcome was unknown: sends in flight at the kill, and results sent but
    // not yet written (at most one worker's concurrency of each).
    const duplicates = slack.messages.length - received.size;
    expect(duplicates).toBeLessThanOrEqual(2 * DEFAULT_CONCURRENCY);
    console.log(`crash test: ${atKill} received before SIGKILL, ${duplicates} sent twice (in flight at the kill)`);
  }, 150_000);
});
