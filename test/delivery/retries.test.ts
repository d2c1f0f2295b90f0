import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../emulators/slack/server.js';
import { ManualClock } from '../../src/clock.js';
import type { DeliveryWorker } from '../../src/delivery/worker.js';
import { startTestTayori, type TestTayori } from '../helpers/tayori.js';
import { manualWorker } from '../helpers/worker.js';

/**
 * PRODUCT §5 retries and permanent failures, through the real emulator over HTTP, with time moved by
 * hand so nothing sleeps: schedule 5s, 30s (±20 % jitter, fixed at 0 by `random: 0.5`).
 */
let t: TestTayori;
let slack: SlackEmulator;
let clock: ManualClock;
let worker: DeliveryWorker;
let n = 0;

beforeAll(async () => {
  // The emulator's own 1/s limit is real time; the tests move Tayori's clock, so the limit is relaxed here
  // (limits have their own tests).
  slack = await SlackEmulator.start({ ratePerWindow: 1000 });
  clock = new ManualClock();
  t = await startTestTayori({ workers: 0, clock, env: { TAYORI_EXTRA_WEBHOOK_ORIGINS: slack.url, TAYORI_RETRY_SCHEDULE: '5s,30s' } });
  worker = manualWorker(t, clock, [5_000, 30_000]);
  await t.api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿' } });
});
afterAll(async () => {
  await t?.close();
  await slack?.close();
});

let user: string;
let hook: string;
beforeEach(async () => {
  slack.script.clear();
  user = `u${++n}`;
  hook = slack.createWebhook();
  await t.api('PUT', `/v1/users/${user}`, { name: user });
  await t.api('PUT', `/v1/users/${user}/connections/slack`, { webhookUrl: hook });
});

async function post(id = `e-${user}-${Math.random().toString(36).slice(2)}`) {
  const r = await t.api('POST', '/v1/events', { id, kind: 'mention', title: 'hello', recipients: [user] });
  return r.body as { eventId: string; deliveries: { id: string }[]; skipped: { reason: string; service?: string }[] };
}

async function delivery(eventId: string) {
  return (await t.api('GET', `/v1/events/${eventId}`)).body.deliveries[0];
}

describe('retries', () => {
  it('two 500s then success: delivered, three attempts recorded', async () => {
    slack.script.failNext(500, { body: 'rollup_error', times: 2 });
    const { eventId } = await post();
    expect(await worker.runUntilIdle()).toBe(1);
    expect(await delivery(eventId)).toMatchObject({ status: 'queued', attemptCount: 1, lastReason: 'server:rollup_error' });
    clock.advance(5_000);
    await worker.runUntilIdle();
    clock.advance(30_000);
    await worker.runUntilIdle();
    const d = await delivery(eventId);
    expect(d.status).toBe('delivered');
    expect(d.attempts.map((a: { outcome: string; statusCode: number }) => [a.outcome, a.statusCode])).toEqual([
      ['retry', 500],
      ['retry', 500],
      ['delivered', 200],
    ]);
    expect(slack.messagesFor(hook)).toHaveLength(1);
    const metrics = (await t.api('GET', '/metrics')).body as string;
    expect(metrics).toMatch(/tayori_deliveries_total\{service="slack",outcome="retry"\} [1-9]/);
    expect(metrics).toMatch(/tayori_deliveries_total\{service="slack",outcome="delivered"\} [1-9]/);
    expect(metrics).toMatch(/tayori_attempt_duration_seconds_count\{service="slack",result="server"\} [1-9]/);
  });

  it('no try comes before its time', async () => {
    slack.script.failNext(503);
    const { eventId } = await post();
    await worker.runUntilIdle();
    clock.advance(4_999);
    expect(await worker.runUntilIdle()).toBe(0);
    clock.advance(1);
    expect(await worker.runUntilIdle()).toBe(1);
    expect((await delivery(eventId)).status).toBe('delivered');
  });

  it('a 429 with Retry-After: 3 waits at least 3 s even when the schedule is shorter', async () => {
    const quick = manualWorker(t, clock, [1_000, 1_000]);
    slack.script.failNext(429, { body: 'rate_limited', headers: { 'retry-after': '3' } });
    const { eventId } = await post();
    await quick.runUntilIdle();
    const first = (await delivery(eventId)).attempts[0];
    expect(new Date(first.retryAt).getTime() - new Date(first.startedAt).getTime()).toBeGreaterThanOrEqual(3_000);
    clock.advance(2_999);
    expect(await quick.runUntilIdle()).toBe(0);
    clock.advance(1);
    expect(await quick.runUntilIdle()).toBe(1);
    expect((await delivery(eventId)).status).toBe('delivered');
  });

  it('timeouts and reset connections are retried', async () => {
    const impatient = manualWorker(t, clock, [5_000, 30_000]);
    slack.script.dropNext();
    const { eventId } = await post();
    await impatient.runUntilIdle();
    expect(await delivery(eventId)).toMatchObject({ status: 'queued', lastReason: expect.stringMatching(/^network:/) });
    clock.advance(5_000);
    await impatient.runUntilIdle();
    expect((await delivery(eventId)).status).toBe('delivered');
  });

  it('dead after the last scheduled try, and visible as dead; a manual retry sends it again', async () => {
    slack.script.failNext(502, { times: 3 });
    const { eventId } = await post();
    await worker.runUntilIdle();
    clock.advance(5_000);
    await worker.runUntilIdle();
    clock.advance(30_000);
    await worker.runUntilIdle();
    const d = await delivery(eventId);
    expect(d).toMatchObject({ status: 'dead', attemptCount: 3 });
    expect(d.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['retry', 'retry', 'dead']);
    const dead = await t.api('GET', `/v1/deliveries?status=dead&userId=${user}`);
    expect(dead.body.deliveries.map((x: { id: string }) => x.id)).toEqual([d.id]);
    expect((await t.api('POST', `/v1/deliveries/${d.id}/retry`)).status).toBe(202);
    // The webhook's 1/s limit counts the failed tries too: the retry goes once a second has passed.
    expect(await worker.runUntilIdle()).toBe(0);
    clock.advance(1_100);
    expect(await worker.runUntilIdle()).toBe(1);
    expect((await delivery(eventId)).status).toBe('delivered');
  });
});

describe('permanent failures', () => {
  it('404 no_service: one request only, connection broken, user told, later events skipped', async () => {
    slack.breakWebhook(hook, 'no_service');
    const { eventId } = await post();
    await worker.runUntilIdle();
    clock.advance(3_600_000);
    await worker.runUntilIdle();
    expect(slack.requests.filter((r) => r.hook === new URL(hook).pathname)).toHaveLength(1);
    const d = await delivery(eventId);
    expect(d).toMatchObject({ status: 'failed', lastReason: 'not_found:no_service' });
    const conn = (await t.api('GET', `/v1/users/${user}/connections/slack`)).body;
    expect(conn).toMatchObject({ status: 'broken', statusReason: 'not_found:no_service' });
    expect(conn.statusMessage).toContain('Webhook');
    const notices = (await t.api('GET', `/v1/users/${user}/notices`)).body.notices;
    expect(notices).toEqual([
      expect.objectContaining({ kind: 'connection_broken', service: 'slack', deliveryId: d.id, message: conn.statusMessage }),
    ]);
    const later = await post();
    expect(later.deliveries).toEqual([]);
    expect(later.skipped).toEqual([{ userId: user, service: 'slack', reason: 'connection_broken' }]);
  });

  it('saving the connection again with a passing test makes it ok', async () => {
    slack.breakWebhook(hook, 'channel_is_archived');
    await post();
    await worker.runUntilIdle();
    expect((await t.api('GET', `/v1/users/${user}/connections/slack`)).body.status).toBe('broken');
    // Saving the same dead URL again: the test fails, it stays broken and says why.
    const still = await t.api('PUT', `/v1/users/${user}/connections/slack`, { enabled: true });
    expect(still.body).toMatchObject({ status: 'broken', warnings: [expect.objectContaining({ code: 'still_broken' })] });
    const fresh = slack.createWebhook();
    const healed = await t.api('PUT', `/v1/users/${user}/connections/slack`, { webhookUrl: fresh });
    expect(healed.body).toMatchObject({ status: 'ok', statusReason: null });
    expect(slack.messagesFor(fresh)[0]!.payload.text).toContain('テスト');
    expect((await post()).deliveries).toHaveLength(1);
  });

  it('a connection removed while queued ends the delivery as skipped, not failed', async () => {
    const { eventId } = await post();
    await t.api('DELETE', `/v1/users/${user}/connections/slack`);
    await worker.runUntilIdle();
    expect(await delivery(eventId)).toMatchObject({ status: 'skipped', lastReason: 'connection_removed', attemptCount: 0 });
  });

  it('a 400 is not the connection\'s fault: the delivery fails, the connection stays ok', async () => {
    slack.script.failNext(400, { body: 'invalid_blocks' });
    const { eventId } = await post();
    await worker.runUntilIdle();
    expect(await delivery(eventId)).toMatchObject({ status: 'failed', lastReason: 'bad_request:invalid_blocks' });
    expect((await t.api('GET', `/v1/users/${user}/connections/slack`)).body.status).toBe('ok');
  });
});
