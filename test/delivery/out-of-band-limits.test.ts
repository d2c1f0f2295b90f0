import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatworkEmulator } from '../../emulators/chatwork/server.js';
import { eventually, startTestTayori, type TestTayori } from '../helpers/tayori.js';

/**
 * PRODUCT §5: Tayori keeps under Chatwork's limits by itself, and those limits count every request,
 * not only the deliveries: the checks made when a connection is saved (`GET /me`, the room, its
 * members) and the messages of the test button. A delivery after them waits its turn instead of
 * meeting a 429.
 */
describe('requests outside deliveries count toward the limits', () => {
  let cw: ChatworkEmulator;
  let t: TestTayori;

  beforeAll(async () => {
    cw = await ChatworkEmulator.start();
    t = await startTestTayori({ env: { TAYORI_CHATWORK_API_URL: cw.apiUrl } });
    await t.api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿' } });
  });
  afterAll(async () => {
    await t?.close();
    await cw?.close();
  });

  async function connect(userId: string) {
    const you = cw.createAccount('山田');
    const bot = cw.createAccount('通知用');
    const roomId = cw.createRoom('通知', [you.accountId, bot.accountId]);
    await t.api('PUT', `/v1/users/${userId}`, { name: '山田' });
    const path = `/v1/users/${userId}/connections/chatwork`;
    const body = { apiToken: bot.apiToken, roomId: String(roomId), toAccountId: String(you.accountId) };
    expect((await t.api('PUT', path, body)).status).toBe(200);
    return { roomId, path, body };
  }

  it('ten test messages fill the room’s 10 posts per 10 s: the notification after them waits, with no 429 and one attempt', async () => {
    const { roomId, path } = await connect('tester');
    for (let i = 0; i < 10; i++) expect((await t.api('POST', `${path}/test`)).body).toEqual({ ok: true });
    const posted = await t.api('POST', '/v1/events', { id: 'after-tests', kind: 'mention', title: 'テストの後の通知', recipients: ['tester'] });
    expect(posted.status).toBe(202);

    const messages = await cw.waitForMessages(11, 30_000);
    expect(messages.at(-1)!.body).toContain('テストの後の通知');
    const posts = cw.requests.filter((r) => r.method === 'POST' && r.path === `/rooms/${roomId}/messages`);
    expect(posts.map((r) => r.status)).toEqual(Array(11).fill(200));
    expect(posts[10]!.at - posts[0]!.at).toBeGreaterThanOrEqual(10_000);
    expect(cw.rateLimited()).toBe(0);
    await eventually(async () => {
      const [d] = (await t.api('GET', '/v1/deliveries?userId=tester')).body.deliveries;
      expect(`${d.status}/${d.attemptCount}`).toBe('delivered/1');
    });
  }, 40_000);

  it('a hundred saves spend the token’s 300 requests per 5 minutes: the notification waits for the window, unattempted, with no 429', async () => {
    const before = cw.requests.length;
    const firstCheck = Date.now();
    const { path, body } = await connect('saver');
    // The first save made three requests; 99 more make 300, Chatwork's limit for the token.
    for (let i = 1; i < 100; i++) expect((await t.api('PUT', path, body)).status).toBe(200);
    const mine = () => cw.requests.slice(before);
    expect(mine().map((r) => `${r.method} ${r.status}`)).toEqual(Array(300).fill('GET 200'));

    const posted = await t.api('POST', '/v1/events', { id: 'after-saves', kind: 'mention', title: '保存の後の通知', recipients: ['saver'] });
    expect(posted.body.deliveries).toHaveLength(1);
    await eventually(async () => {
      const [d] = (await t.api('GET', '/v1/deliveries?userId=saver')).body.deliveries;
      expect(d).toMatchObject({ status: 'queued', attemptCount: 0 });
      // Not before the first check leaves Chatwork's 5-minute window.
      expect(Date.parse(d.nextAttemptAt)).toBeGreaterThanOrEqual(firstCheck + 300_000);
    });
    // Had it been sent, Chatwork would have refused it.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(cw.rateLimited()).toBe(0);
    expect(mine()).toHaveLength(300);
  }, 60_000);
});
