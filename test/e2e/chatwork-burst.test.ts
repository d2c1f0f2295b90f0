import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatworkEmulator } from '../../emulators/chatwork/server.js';
import { eventually, startTestTayori, type TestTayori } from '../helpers/tayori.js';

/**
 * PRODUCT §5 / the Chatwork issue: "a burst of 25 notifications to one room is delivered without a
 * single 429". The emulator enforces 10 posts per 10 s per room (sliding window, 429 beyond) and 300
 * requests per 5 minutes per token. Two people post into the same room with their own tokens: the room
 * limit counts both.
 */
describe('a burst of 25 notifications to one Chatwork room', () => {
  let cw: ChatworkEmulator;
  let t: TestTayori;

  beforeAll(async () => {
    cw = await ChatworkEmulator.start();
    t = await startTestTayori({ env: { TAYORI_CHATWORK_API_URL: cw.apiUrl } });
  });
  afterAll(async () => {
    await t?.close();
    await cw?.close();
  });

  it('arrives complete and in order, with no 429 from Chatwork', async () => {
    const you = cw.createAccount('山田');
    const colleague = cw.createAccount('鈴木');
    const botA = cw.createAccount('通知用A');
    const botB = cw.createAccount('通知用B');
    const roomId = cw.createRoom('現場', [you.accountId, colleague.accountId, botA.accountId, botB.accountId]);
    await t.api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿' } });
    for (const [user, bot, to] of [
      ['yamada', botA, you],
      ['suzuki', botB, colleague],
    ] as const) {
      await t.api('PUT', `/v1/users/${user}`, { name: user });
      const saved = await t.api('PUT', `/v1/users/${user}/connections/chatwork`, {
        apiToken: bot.apiToken,
        roomId: String(roomId),
        toAccountId: String(to.accountId),
      });
      expect(saved.status).toBe(200);
    }
    const started = Date.now();
    for (let i = 0; i < 25; i++) {
      const r = await t.api('POST', '/v1/events', { id: `burst-${i}`, kind: 'mention', title: `投稿 ${i}`, recipients: [i % 2 === 0 ? 'yamada' : 'suzuki'] });
      expect(r.body.deliveries).toHaveLength(1);
    }
    const messages = await cw.waitForMessages(25, 60_000);
    const seconds = (Date.now() - started) / 1000;
    expect(cw.rateLimited()).toBe(0);
    expect(messages.map((m) => m.body.match(/投稿 (\d+)/)![1])).toEqual(Array.from({ length: 25 }, (_, i) => String(i)));
    // Never more than 10 posts in any 10 seconds, as Chatwork counted them.
    const times = cw.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages') && r.status === 200).map((r) => r.at);
    expect(times).toHaveLength(25);
    for (let i = 10; i < times.length; i++) expect(times[i]! - times[i - 10]!).toBeGreaterThanOrEqual(10_000);
    // Waiting for the limit was never an attempt: each delivery took exactly one try.
    await eventually(async () => {
      const deliveries = (await t.api('GET', '/v1/deliveries?limit=25')).body.deliveries;
      expect(deliveries.map((d: { attemptCount: number; status: string }) => `${d.status}/${d.attemptCount}`)).toEqual(Array(25).fill('delivered/1'));
    });
    console.log(`chatwork burst: 25 posts to one room in ${seconds.toFixed(1)} s, 0 × 429`);
  }, 90_000);
});
