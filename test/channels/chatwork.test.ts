import { afterEach, describe, expect, it } from 'vitest';
import type { Target } from '../../src/channels/channel.js';
import { createChatworkChannel } from '../../src/channels/chatwork/channel.js';
import { createChatworkClient } from '../../src/channels/chatwork/client.js';
import { classifyChatwork } from '../../src/channels/chatwork/classify.js';
import { chatworkConnection, type ChatworkConfig, type ChatworkSecrets } from '../../src/channels/chatwork/connection.js';
import { CHATWORK_CODES } from '../../src/channels/chatwork/explain.js';
import { ChatworkEmulator, type ChatworkEmulatorOptions } from '../../emulators/chatwork/server.js';
import { channelContract, sampleMessage } from './contract.js';

type CwTarget = Target<ChatworkConfig, ChatworkSecrets>;

/** The seed's recommended set-up on the emulator: a notification account posting to a room, To the user. */
function recommended(emulator: ChatworkEmulator) {
  const you = emulator.createAccount('山田 太郎');
  const bot = emulator.createAccount('通知用');
  const roomId = emulator.createRoom('通知', [you.accountId, bot.accountId]);
  const target: CwTarget = {
    config: { roomId: String(roomId), toAccountId: String(you.accountId), senderAccountId: String(bot.accountId) },
    secrets: { apiToken: bot.apiToken },
  };
  return { you, bot, roomId, target };
}

/** The contract suite speaks the generic Target; these views are ours. */
const cfg = (t: Target) => t.config as unknown as ChatworkConfig;
const sec = (t: Target) => t.secrets as unknown as ChatworkSecrets;

channelContract('chatwork', async () => {
  // Room limit off here: the contract sends back to back; the emulator's limits have their own tests.
  const emulator = await ChatworkEmulator.start({ roomLimit: 1000 });
  const channel = createChatworkChannel({ apiUrl: emulator.apiUrl });
  return {
    channel,
    script: emulator.script,
    target: async () => recommended(emulator).target as unknown as Target,
    breakTarget: async (t) => {
      emulator.revokeToken(sec(t).apiToken);
      return 'auth';
    },
    rateLimitAnswer: (sec) => ({
      status: 429,
      body: '{"errors":["Rate limit exceeded."]}',
      contentType: 'application/json; charset=utf-8',
      headers: { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + sec) },
    }),
    received: (t) => emulator.messagesIn(Number(cfg(t).roomId)).length,
    secrets: (t) => [sec(t).apiToken],
    close: () => emulator.close(),
  };
});

describe('chatwork channel against the emulator', () => {
  let emulator: ChatworkEmulator;
  afterEach(async () => {
    await emulator?.close();
  });
  const start = async (options: ChatworkEmulatorOptions = {}) => {
    emulator = await ChatworkEmulator.start(options);
    return createChatworkChannel({ apiUrl: emulator.apiUrl });
  };
  const send = (channel: ReturnType<typeof createChatworkChannel>, target: CwTarget) => channel.send(sampleMessage, target, AbortSignal.timeout(5000));

  it('posts an info box mentioning the To account, and returns the message id', async () => {
    const channel = await start();
    const { you, roomId, target } = recommended(emulator);
    const r = await send(channel, target);
    expect(r).toMatchObject({ ok: true, status: 200, providerMessageId: expect.stringMatching(/^\d{19}$/) });
    const [m] = emulator.messagesIn(roomId);
    expect(m!.body.startsWith(`[To:${you.accountId}]山田さん\n[info][title]工程「基礎工事」に投稿がありました[/title]`)).toBe(true);
    expect(m!.mentions).toEqual({ to: [you.accountId], toall: false, replies: [] });
    expect(m!.selfUnread).toBe(false);
    expect(emulator.badge(roomId, you.accountId)).toEqual({ unread: 1, mention: 1 });
  });

  it.each([
    ['the To account is the token owner', 'self', true],
    ['no To account', 'none', true],
    ['another account is mentioned', 'other', false],
  ] as const)('self_unread: %s → %s', async (_name, to, selfUnread) => {
    const channel = await start();
    const { you, bot, target } = recommended(emulator);
    const config: ChatworkConfig = { roomId: target.config.roomId, senderAccountId: String(you.accountId) };
    if (to === 'self') config.toAccountId = String(you.accountId);
    if (to === 'other') config.toAccountId = String(bot.accountId);
    expect((await send(channel, { config, secrets: { apiToken: you.apiToken } })).ok).toBe(true);
    expect(emulator.messages[0]!.selfUnread).toBe(selfUnread);
  });

  it.each([
    ['a revoked token', 'auth', 'invalid_token', 401],
    ['an unknown room', 'not_found', 'room_not_found', 404],
    ['a room the account left', 'auth', 'room_forbidden', 403],
    ['a room where it is read-only', 'auth', 'room_forbidden', 403],
  ] as const)('%s is permanent (%s/%s) and explained', async (name, reason, code, status) => {
    const channel = await start();
    const { bot, roomId, target } = recommended(emulator);
    if (name === 'a revoked token') emulator.revokeToken(bot.apiToken);
    if (name === 'an unknown room') target.config.roomId = '999999';
    if (name === 'a room the account left') emulator.world.setMember(roomId, bot.accountId, null);
    if (name === 'a room where it is read-only') emulator.world.setMember(roomId, bot.accountId, 'readonly');
    const r = await send(channel, target);
    expect(r).toMatchObject({ ok: false, retryable: false, reason, code, status });
    expect(CHATWORK_CODES[code]).toBeDefined();
    expect(channel.explain(r as never, 'ja')).toBe(CHATWORK_CODES[code]!.ja);
  });

  it('the per-token limit: waits until x-ratelimit-reset, measured on the answer\'s own clock', async () => {
    const t0 = Date.UTC(2026, 10, 21, 0, 0, 0);
    const channel = await start({ now: () => t0, tokenLimit: 2 });
    const { target } = recommended(emulator);
    expect((await send(channel, target)).ok).toBe(true);
    expect((await send(channel, target)).ok).toBe(true);
    const r = await send(channel, target);
    // Reset is 300 s after the first request; one more second because both values are whole seconds.
    expect(r).toMatchObject({ ok: false, retryable: true, reason: 'rate_limited', code: 'token_rate_limited', retryAfterMs: 301_000 });
  });

  it('the per-room limit: the 11th post in 10 s waits 10 s', async () => {
    let now = Date.UTC(2026, 10, 21, 0, 0, 0);
    const channel = await start({ now: () => now });
    const { target } = recommended(emulator);
    for (let i = 0; i < 10; i++) expect((await send(channel, target)).ok).toBe(true);
    const r = await send(channel, target);
    expect(r).toMatchObject({ ok: false, retryable: true, reason: 'rate_limited', code: 'room_rate_limited', retryAfterMs: 10_000 });
    now += 10_000;
    expect((await send(channel, target)).ok).toBe(true);
  });

  it('a 400 is our bug: permanent, but does not break the connection', async () => {
    const channel = await start();
    emulator.script.failNext(400, { body: '{"errors":["Parameter \'body\' is required"]}', contentType: 'application/json' });
    const r = await send(channel, recommended(emulator).target);
    expect(r).toMatchObject({ ok: false, retryable: false, reason: 'bad_request', code: 'bad_request' });
    expect(r.ok ? '' : r.detail).toContain("Parameter 'body' is required");
  });

  it('never sends anywhere but the API URL: a stored room id that is not digits is refused unsent', async () => {
    const channel = await start();
    const { target } = recommended(emulator);
    for (const roomId of ['1/../../me', '1?x=1', 'https://evil.example']) {
      const r = await send(channel, { ...target, config: { ...target.config, roomId } });
      expect(r).toMatchObject({ ok: false, retryable: false, code: 'invalid_settings' });
    }
    expect(emulator.requests).toHaveLength(0);
  });

  it('the client speaks Bearer for OAuth tokens; an expired one is token_expired', async () => {
    let now = Date.UTC(2026, 10, 21, 0, 0, 0);
    await start({ now: () => now });
    const you = emulator.createAccount('山田');
    const client = emulator.oauth.registerClient({ redirectUris: ['https://t.example/cb'] });
    const consent = await fetch(`${emulator.url}/packages/oauth2/login.php?response_type=code&client_id=${client.clientId}&scope=users.profile.me:read&_emulator_account=${you.accountId}`, { redirect: 'manual' });
    const code = new URL(consent.headers.get('location')!).searchParams.get('code')!;
    const tokenRes = await fetch(`${emulator.url}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=authorization_code&code=${code}`,
    });
    const accessToken = ((await tokenRes.json()) as { access_token: string }).access_token;
    const api = createChatworkClient(emulator.apiUrl);
    const ok = await api.get('/me', { kind: 'bearer', token: accessToken }, AbortSignal.timeout(5000));
    expect(ok.status).toBe(200);
    now += 900_000;
    const expired = await api.get('/me', { kind: 'bearer', token: accessToken }, AbortSignal.timeout(5000));
    expect(classifyChatwork(expired, 'me', new Date(now), [accessToken])).toMatchObject({ ok: false, reason: 'auth', code: 'token_expired', retryable: false });
  });
});

describe('chatwork limits and destination', () => {
  it('declares 300/5 min per token and 10/10 s per room, keyed without the token', () => {
    const token = '0123456789abcdef0123456789abcdef';
    const config = { roomId: '300000001' };
    const limits = chatworkConnection.limits(config, { apiToken: token });
    expect(limits).toEqual([
      { key: expect.stringMatching(/^chatwork:token:[0-9a-f]{32}$/), limit: 300, windowMs: 300_000 },
      { key: 'chatwork:room:300000001', limit: 10, windowMs: 10_000 },
    ]);
    expect(chatworkConnection.destination(config, { apiToken: token })).toBe(limits[1]!.key);
    expect(JSON.stringify(limits)).not.toContain(token);
    expect(limits[0]!.key).not.toBe(chatworkConnection.limits(config, { apiToken: `${token}x` })[0]!.key);
  });

  it('every explanation is written in both languages', () => {
    for (const [code, text] of Object.entries(CHATWORK_CODES)) {
      expect(text.ja, code).toMatch(/[ぁ-んァ-ン]/);
      expect(text.en, code).not.toMatch(/[ぁ-んァ-ン一-龯]/);
    }
  });
});
