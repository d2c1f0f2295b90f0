import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatworkEmulator } from '../../emulators/chatwork/server.js';
import { startTestTayori, type TestTayori } from '../helpers/tayori.js';

/** Saving, validating and verifying a Chatwork connection over the real API, against the emulator. */
let t: TestTayori;
let cw: ChatworkEmulator;
const tokens: string[] = [];

beforeAll(async () => {
  cw = await ChatworkEmulator.start();
  t = await startTestTayori({ workers: 0, env: { TAYORI_CHATWORK_API_URL: cw.apiUrl } });
});
afterAll(async () => {
  await t?.close();
  await cw?.close();
});

/** A user in Tayori and, on Chatwork, their account, a notification account and a room with both. */
async function person(userId: string, locale: 'ja' | 'en' = 'ja') {
  await t.api('PUT', `/v1/users/${userId}`, { name: locale === 'ja' ? '山田 太郎' : 'Taro Yamada', locale });
  const you = cw.createAccount('山田 太郎');
  const bot = cw.createAccount('通知用');
  const roomId = cw.createRoom('通知', [you.accountId, bot.accountId]);
  tokens.push(you.apiToken, bot.apiToken);
  return { you, bot, roomId, path: `/v1/users/${userId}/connections/chatwork` };
}

const fieldOf = (r: { body: any }) => r.body.error.details.fields[0]; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('saving', () => {
  it('saves the recommended set-up: token masked, who posts shown, no warning', async () => {
    const p = await person('cw-a');
    const r = await t.api('PUT', p.path, { enabled: true, apiToken: p.bot.apiToken, roomId: String(p.roomId), toAccountId: String(p.you.accountId) });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      service: 'chatwork',
      enabled: true,
      status: 'ok',
      warnings: [],
      config: { apiToken: `••••${p.bot.apiToken.slice(-4)}`, roomId: String(p.roomId), toAccountId: String(p.you.accountId), postsAs: { accountId: String(p.bot.accountId), name: '通知用' } },
    });
    expect(JSON.stringify(r.body)).not.toContain(p.bot.apiToken);
    const test = await t.api('POST', `${p.path}/test`);
    expect(test.body).toEqual({ ok: true });
    expect(cw.badge(p.roomId, p.you.accountId)).toEqual({ unread: 1, mention: 1 });
    expect(cw.messagesIn(p.roomId)[0]!.body).toContain('テスト');
  });

  it('own token with own account as To: saved, with the badge warning and the dedicated-account remedy; sends stay unread', async () => {
    const p = await person('cw-self');
    const r = await t.api('PUT', p.path, { apiToken: p.you.apiToken, roomId: p.roomId, toAccountId: p.you.accountId });
    expect(r.status).toBe(200);
    expect(r.body.warnings).toEqual([{ code: 'self_mention_no_badge', message: expect.stringContaining('通知バッジが表示されません') }]);
    expect(r.body.warnings[0].message).toContain('通知専用のChatworkアカウント');
    expect((await t.api('POST', `${p.path}/test`)).body).toEqual({ ok: true });
    const [m] = cw.messagesIn(p.roomId);
    expect(m!.selfUnread).toBe(true);
    // What the user sees: an unread, but no mention badge (Chatwork's rule the warning explains).
    expect(cw.badge(p.roomId, p.you.accountId)).toEqual({ unread: 1, mention: 0 });
  });

  it('the badge warning is in the user language', async () => {
    const p = await person('cw-self-en', 'en');
    const r = await t.api('PUT', p.path, { apiToken: p.you.apiToken, roomId: p.roomId, toAccountId: p.you.accountId });
    expect(r.body.warnings[0]).toMatchObject({ code: 'self_mention_no_badge', message: expect.stringContaining('no notification badge') });
  });

  it('recognises a pasted room URL or #!rid and a pasted [To:…], and says what it took', async () => {
    const p = await person('cw-paste');
    const r = await t.api('PUT', p.path, { apiToken: p.bot.apiToken, roomId: `https://www.chatwork.com/#!rid${p.roomId}`, toAccountId: `[To:${p.you.accountId}]山田 太郎さん` });
    expect(r.status).toBe(200);
    expect(r.body.config).toMatchObject({ roomId: String(p.roomId), toAccountId: String(p.you.accountId) });
    expect(r.body.warnings.map((w: { code: string }) => w.code)).toEqual(['room_id_extracted', 'account_id_extracted']);
    expect(r.body.warnings[0].message).toContain('「#!rid」のあとの数字だけです');
    const short = await t.api('PUT', p.path, { roomId: `#!rid${p.roomId}` });
    expect(short.body.config.roomId).toBe(String(p.roomId));
  });

  it('keeps the stored token when left out; null removes the To account (and says what that means)', async () => {
    const p = await person('cw-keep');
    await t.api('PUT', p.path, { apiToken: p.bot.apiToken, roomId: p.roomId, toAccountId: p.you.accountId });
    const kept = await t.api('PUT', p.path, { enabled: false });
    expect(kept.body).toMatchObject({ enabled: false, config: { apiToken: `••••${p.bot.apiToken.slice(-4)}`, toAccountId: String(p.you.accountId), postsAs: { name: '通知用' } } });
    const cleared = await t.api('PUT', p.path, { toAccountId: null });
    expect(cleared.body.config.toAccountId).toBeNull();
    expect(cleared.body.warnings.map((w: { code: string }) => w.code)).toEqual(['no_to_account']);
  });

  it('a connection whose token was revoked can still be switched off', async () => {
    const p = await person('cw-off');
    await t.api('PUT', p.path, { apiToken: p.bot.apiToken, roomId: p.roomId, toAccountId: p.you.accountId });
    cw.revokeToken(p.bot.apiToken);
    expect((await t.api('PUT', p.path, { enabled: true })).status).toBe(422);
    const off = await t.api('PUT', p.path, { enabled: false });
    expect(off.status).toBe(200);
    expect(off.body.enabled).toBe(false);
  });

  it('a Chatwork outage while saving is a warning, not a refusal', async () => {
    const p = await person('cw-outage');
    cw.script.failNext(503, { body: '{"errors":["Service Unavailable"]}' });
    const r = await t.api('PUT', p.path, { apiToken: p.bot.apiToken, roomId: p.roomId, toAccountId: p.you.accountId });
    expect(r.status).toBe(200);
    expect(r.body.warnings).toEqual([{ code: 'not_verified', message: expect.stringContaining('Chatwork') }]);
  });
});

describe('refusing, with the field to fix and what to do', () => {
  it.each([
    [{ apiToken: 'short' }, 'apiToken', /API Token/],
    [{ apiToken: 'has spaces in it 0123456789' }, 'apiToken', /空白/],
    [{ roomId: 'abc' }, 'roomId', /#!rid/],
    [{ roomId: '#!ridxyz' }, 'roomId', /#!rid/],
    [{ roomId: -5 }, 'roomId', /.+/],
    [{ toAccountId: 'yamada_taro' }, 'toAccountId', /Chatwork ID/],
    [{ toAccountId: '12a' }, 'toAccountId', /アカウントID/],
  ])('%j → 422 on %s', async (bad, field, message) => {
    const p = await person(`cw-bad-${field}`);
    const r = await t.api('PUT', p.path, { apiToken: p.bot.apiToken, roomId: p.roomId, ...bad });
    expect(r.status).toBe(422);
    expect(fieldOf(r).field).toBe(field);
    expect(fieldOf(r).message).toMatch(message);
  });

  it('names every missing field', async () => {
    await t.api('PUT', '/v1/users/cw-empty', { name: '空' });
    const r = await t.api('PUT', '/v1/users/cw-empty/connections/chatwork', {});
    expect(r.status).toBe(422);
    expect(r.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['apiToken', 'roomId']);
  });

  it('a wrong token (401 from /me) → 422 on apiToken with the fix', async () => {
    const p = await person('cw-401');
    const r = await t.api('PUT', p.path, { apiToken: '0123456789abcdef0123456789abcdef', roomId: p.roomId });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('verification_failed');
    expect(fieldOf(r)).toMatchObject({ field: 'apiToken', code: 'invalid_token' });
    expect(fieldOf(r).message).toBe('API Tokenが正しくありません。Chatworkの「サービス連携」→「API Token」で確認し、貼り直してください。API Tokenを再発行した場合は、新しいTokenを設定してください。');
  });

  it.each([
    ['a room that does not exist', 'room_not_found', 'roomId'],
    ['a room the token account is not in', 'room_forbidden', 'roomId'],
    ['a room where the token account is read-only', 'room_readonly', 'roomId'],
    ['a To account that is not in the room', 'to_not_member', 'toAccountId'],
  ])('%s → 422 %s on %s', async (name, code, field) => {
    const p = await person(`cw-${code}`);
    const input = { apiToken: p.bot.apiToken, roomId: String(p.roomId), toAccountId: String(p.you.accountId) };
    if (code === 'room_not_found') input.roomId = '999999999';
    if (code === 'room_forbidden') input.roomId = String(cw.createRoom('他部署', [cw.createAccount('他人').accountId]));
    if (code === 'room_readonly') cw.world.setMember(p.roomId, p.bot.accountId, 'readonly');
    if (code === 'to_not_member') input.toAccountId = String(cw.createAccount('部外者').accountId);
    const r = await t.api('PUT', p.path, input);
    expect(r.status, name).toBe(422);
    expect(fieldOf(r)).toMatchObject({ field, code });
    expect(fieldOf(r).message).toMatch(/ルーム/);
  });

  it('is in English for an English user', async () => {
    const p = await person('cw-en', 'en');
    const r = await t.api('PUT', p.path, { apiToken: p.bot.apiToken, roomId: 'abc' });
    expect(fieldOf(r).message).toMatch(/digits after "#!rid"/);
  });
});

describe('secrets', () => {
  it('no token in any answer or log line, and the API documents the fields', async () => {
    const list = await t.api('GET', '/v1/users/cw-a/connections');
    expect(list.body.connections).toHaveLength(1);
    const logs = t.logs.join('\n');
    for (const token of tokens) {
      expect(JSON.stringify(list.body)).not.toContain(token);
      expect(logs).not.toContain(token);
    }
    const doc = await t.api('GET', '/openapi.json');
    expect(Object.keys(doc.body.components.schemas.ChatworkConnectionInput.properties).sort()).toEqual(['apiToken', 'enabled', 'roomId', 'toAccountId']);
  });
});
