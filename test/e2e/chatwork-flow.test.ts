import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { infoBoxes, liveTags, readable } from '../../emulators/chatwork/notation.js';
import { ChatworkEmulator } from '../../emulators/chatwork/server.js';
import { eventually, startTestTayori, type TestTayori } from '../helpers/tayori.js';

/**
 * The Chatwork issue's "done when", as a user does it through the API: save token, room and To; a
 * hostile event arrives as one info box mentioning only them; a revoked token breaks the connection
 * and later events are skipped; saving a new token heals it.
 */
describe('event to Chatwork', () => {
  let cw: ChatworkEmulator;
  let t: TestTayori;
  const answers: string[] = [];
  const api = async (method: string, path: string, body?: unknown) => {
    const r = await t.api(method, path, body);
    answers.push(JSON.stringify(r.body));
    return r;
  };

  beforeAll(async () => {
    cw = await ChatworkEmulator.start();
    t = await startTestTayori({ env: { TAYORI_CHATWORK_API_URL: cw.apiUrl } });
  });
  afterAll(async () => {
    await t?.close();
    await cw?.close();
  });

  it('delivers an inert info box that mentions only the user; a revoked token breaks the connection', async () => {
    const you = cw.createAccount('山田 太郎');
    const bot = cw.createAccount('通知用');
    cw.connect(you.accountId, bot.accountId);
    const roomId = cw.createRoom('Tayori 通知', [you.accountId, bot.accountId]);
    // Someone else in the room, who must not be reached by [toall] typed in a post.
    const colleague = cw.createAccount('鈴木');
    cw.world.setMember(roomId, colleague.accountId, 'member');

    expect((await api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿', en: 'Mentions' } })).status).toBe(200);
    expect((await api('PUT', '/v1/users/u-1001', { name: '山田 太郎' })).status).toBe(200);
    const saved = await api('PUT', '/v1/users/u-1001/connections/chatwork', {
      enabled: true,
      apiToken: bot.apiToken,
      roomId: String(roomId),
      toAccountId: String(you.accountId),
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ status: 'ok', warnings: [] });
    expect((await api('PUT', '/v1/users/u-1001/preferences', { chatwork: ['mention'] })).status).toBe(200);

    const hostile = {
      id: 'post-4711',
      kind: 'mention',
      title: '[toall] 見積書 [/info][To:9999]',
      body: '確認お願いします [To:9999] [toall]\n[/info][info][title]偽物[/title]ここは箱の外?[/info]\n[rp aid=9999 to=1-2]',
      url: 'https://app.example.com/boards/12/posts/4711',
      actor: { name: '佐藤 [toall]' },
      recipients: ['u-1001'],
    };
    const accepted = await api('POST', '/v1/events', hostile);
    expect(accepted.status).toBe(202);
    expect(accepted.body.deliveries).toEqual([expect.objectContaining({ userId: 'u-1001', service: 'chatwork', status: 'queued' })]);

    const [message] = await cw.waitForMessages(1);
    expect(message!.room_id).toBe(roomId);
    expect(message!.account.account_id).toBe(bot.accountId);
    expect(message!.mentions).toEqual({ to: [you.accountId], toall: false, replies: [] });
    expect(liveTags(message!.body)).toEqual([`To:${you.accountId}`, 'info', 'title', '/title', 'hr', '/info']);
    const box = infoBoxes(message!.body);
    expect(box.ok).toBe(true);
    expect(readable(box.boxes[0]!.title!)).toBe('[toall] 見積書 [/info][To:9999]');
    expect(readable(box.boxes[0]!.text)).toContain('[/info][info][title]偽物[/title]ここは箱の外?[/info]');
    expect(readable(box.boxes[0]!.text)).toContain('佐藤 [toall]');
    expect(box.boxes[0]!.text).toContain('https://app.example.com/boards/12/posts/4711');
    // What each person sees: the user has a mention badge, the colleague only an unread.
    expect(cw.badge(roomId, you.accountId)).toEqual({ unread: 1, mention: 1 });
    expect(cw.badge(roomId, colleague.accountId)).toEqual({ unread: 1, mention: 0 });

    const delivered = await eventually(async () => {
      const d = await api('GET', '/v1/events/post-4711');
      expect(d.body.deliveries[0].status).toBe('delivered');
      return d.body;
    });
    expect(delivered.deliveries[0].attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'delivered', statusCode: 200 })]);

    // The token is revoked in Chatwork (re-issued, or the notification account closed).
    cw.revokeToken(bot.apiToken);
    expect((await api('POST', '/v1/events', { id: 'post-4712', kind: 'mention', title: '次の投稿', recipients: ['u-1001'] })).status).toBe(202);
    const failed = await eventually(async () => {
      const d = await api('GET', '/v1/events/post-4712');
      expect(d.body.deliveries[0].status).toBe('failed');
      return d.body;
    });
    expect(failed.deliveries[0].attempts).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'auth:invalid_token', statusCode: 401 })]);
    const broken = await api('GET', '/v1/users/u-1001/connections/chatwork');
    expect(broken.body).toMatchObject({ status: 'broken', statusReason: 'auth:invalid_token' });
    expect(broken.body.statusMessage).toContain('API Tokenが正しくありません');

    const skipped = await api('POST', '/v1/events', { id: 'post-4713', kind: 'mention', title: 'さらに次', recipients: ['u-1001'] });
    expect(skipped.body).toMatchObject({ deliveries: [], skipped: [{ userId: 'u-1001', service: 'chatwork', reason: 'connection_broken' }] });
    expect(cw.messages).toHaveLength(1);

    // Saving a new token sends a test; when it passes, the connection is ok again.
    const fresh = cw.world.issueApiToken(bot.accountId);
    const healed = await api('PUT', '/v1/users/u-1001/connections/chatwork', { apiToken: fresh });
    expect(healed.body).toMatchObject({ status: 'ok', warnings: [expect.objectContaining({ code: 'test_sent' })] });
    expect(cw.messages).toHaveLength(2);

    for (const token of [bot.apiToken, fresh]) {
      expect(answers.join('\n')).not.toContain(token);
      expect(t.logs.join('\n')).not.toContain(token);
    }
  });
});
