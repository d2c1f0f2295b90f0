import { afterEach, describe, expect, it } from 'vitest';
import { ChatworkEmulator, type ChatworkEmulatorOptions } from './server.js';

/** The emulator against reference/chatwork.md §9, over real HTTP. */
let emu: ChatworkEmulator;
afterEach(async () => {
  await emu?.close();
});

async function start(options: ChatworkEmulatorOptions = {}) {
  emu = await ChatworkEmulator.start(options);
  const you = emu.createAccount('山田 太郎', { email: 'yamada@example.com' });
  const bot = emu.createAccount('通知用');
  const roomId = emu.createRoom('現場チャット', [you.accountId, bot.accountId]);
  return { you, bot, roomId };
}

async function call(method: string, path: string, init: { token?: string; form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers['X-ChatWorkToken'] = init.token;
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  } else if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  const res = await fetch(emu.apiUrl + path, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? (JSON.parse(text) as any) : undefined }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('authentication', () => {
  it('401 {"errors":["Invalid API token"]} without a token, with a wrong or revoked one', async () => {
    const { you } = await start();
    expect((await call('GET', '/me')).json).toEqual({ errors: ['Invalid API token'] });
    expect((await call('GET', '/me', { token: 'nope' })).status).toBe(401);
    expect((await call('GET', '/me', { headers: { 'x-chatworktoken': you.apiToken } })).status).toBe(200);
    emu.revokeToken(you.apiToken);
    const revoked = await call('GET', '/me', { token: you.apiToken });
    expect(revoked.status).toBe(401);
    expect(revoked.json).toEqual({ errors: ['Invalid API token'] });
  });
});

describe('reading', () => {
  it('GET /me has the documented fields', async () => {
    const { you } = await start();
    const me = await call('GET', '/me', { token: you.apiToken });
    expect(Object.keys(me.json).sort()).toEqual(
      ['account_id', 'room_id', 'name', 'chatwork_id', 'organization_id', 'organization_name', 'department', 'title', 'url', 'introduction', 'mail', 'tel_organization', 'tel_extension', 'tel_mobile', 'skype', 'facebook', 'twitter', 'avatar_image_url', 'login_mail'].sort(),
    );
    expect(me.json).toMatchObject({ account_id: you.accountId, name: '山田 太郎', mail: 'yamada@example.com', room_id: you.myRoomId });
    expect(me.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('rooms, one room, members and contacts with their field sets; contacts have the direct room and no e-mail', async () => {
    const { you, bot, roomId } = await start();
    const direct = emu.connect(you.accountId, bot.accountId);
    const rooms = await call('GET', '/rooms', { token: you.apiToken });
    expect(rooms.json.map((r: { type: string }) => r.type).sort()).toEqual(['direct', 'group', 'my']);
    const room = await call('GET', `/rooms/${roomId}`, { token: you.apiToken });
    expect(Object.keys(room.json).sort()).toEqual(
      ['room_id', 'name', 'type', 'role', 'sticky', 'unread_num', 'mention_num', 'mytask_num', 'message_num', 'file_num', 'task_num', 'icon_path', 'last_update_time', 'description'].sort(),
    );
    expect(room.json).toMatchObject({ room_id: roomId, type: 'group', role: 'admin' });
    const members = await call('GET', `/rooms/${roomId}/members`, { token: bot.apiToken });
    expect(members.json.map((m: { account_id: number; role: string }) => [m.account_id, m.role])).toEqual([[you.accountId, 'admin'], [bot.accountId, 'member']]);
    const contacts = await call('GET', '/contacts', { token: bot.apiToken });
    expect(contacts.json).toEqual([expect.objectContaining({ account_id: you.accountId, room_id: direct, name: '山田 太郎' })]);
    expect(JSON.stringify(contacts.json)).not.toContain('yamada@example.com');
  });

  it('404 for an unknown room, 403 for a room the account is not in', async () => {
    const { you } = await start();
    const stranger = emu.createAccount('他人');
    const theirs = emu.createRoom('別の部屋', [stranger.accountId]);
    expect((await call('GET', '/rooms/999', { token: you.apiToken })).status).toBe(404);
    const forbidden = await call('POST', `/rooms/${theirs}/messages`, { token: you.apiToken, form: { body: 'x' } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.errors).toHaveLength(1);
  });

  it('GET messages: only unseen ones (204 when none), force=1 the latest', async () => {
    const { you, bot, roomId } = await start();
    await call('POST', `/rooms/${roomId}/messages`, { token: bot.apiToken, form: { body: 'one' } });
    const first = await call('GET', `/rooms/${roomId}/messages`, { token: you.apiToken });
    expect(first.json).toEqual([expect.objectContaining({ body: 'one', update_time: 0, account: expect.objectContaining({ account_id: bot.accountId }) })]);
    expect((await call('GET', `/rooms/${roomId}/messages`, { token: you.apiToken })).status).toBe(204);
    expect((await call('GET', `/rooms/${roomId}/messages?force=1`, { token: you.apiToken })).json).toHaveLength(1);
  });
});

describe('posting', () => {
  it('takes form-encoded bodies only: JSON and the query string are not read', async () => {
    const { bot, roomId } = await start();
    const json = await call('POST', `/rooms/${roomId}/messages`, { token: bot.apiToken, json: { body: 'hello' } });
    expect(json.status).toBe(400);
    expect(json.json).toEqual({ errors: ["Parameter 'body' is required"] });
    const query = await call('POST', `/rooms/${roomId}/messages?body=hello`, { token: bot.apiToken, form: {} });
    expect(query.json).toEqual({ errors: ["Parameter 'body' is required"] });
    const ok = await call('POST', `/rooms/${roomId}/messages`, { token: bot.apiToken, form: { body: 'hello' } });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ message_id: expect.stringMatching(/^\d{19}$/) });
  });

  it('65,535 characters pass, 65,536 are a 400; self_unread is 0 or 1', async () => {
    const { bot, roomId } = await start();
    expect((await call('POST', `/rooms/${roomId}/messages`, { token: bot.apiToken, form: { body: 'あ'.repeat(65_535) } })).status).toBe(200);
    expect((await call('POST', `/rooms/${roomId}/messages`, { token: bot.apiToken, form: { body: 'あ'.repeat(65_536) } })).status).toBe(400);
    expect((await call('POST', `/rooms/${roomId}/messages`, { token: bot.apiToken, form: { body: 'x', self_unread: 'true' } })).status).toBe(400);
  });

  it('a read-only member may not post (403)', async () => {
    const { you, bot, roomId } = await start();
    emu.world.setMember(roomId, bot.accountId, 'readonly');
    expect((await call('POST', `/rooms/${roomId}/messages`, { token: bot.apiToken, form: { body: 'x' } })).status).toBe(403);
    expect((await call('POST', `/rooms/${roomId}/messages`, { token: you.apiToken, form: { body: 'x' } })).status).toBe(200);
  });

  it('counts unreads and mentions per member: To, toall, quotes and defused tags', async () => {
    const { you, bot, roomId } = await start();
    const third = emu.createAccount('鈴木');
    emu.world.setMember(roomId, third.accountId, 'member');
    const post = (body: string, selfUnread = '0') => call('POST', `/rooms/${roomId}/messages`, { token: bot.apiToken, form: { body, self_unread: selfUnread } });
    await post(`[To:${you.accountId}]山田さん\n[info]x[/info]`);
    expect(emu.badge(roomId, you.accountId)).toEqual({ unread: 1, mention: 1 });
    expect(emu.badge(roomId, third.accountId)).toEqual({ unread: 1, mention: 0 });
    expect(emu.badge(roomId, bot.accountId)).toEqual({ unread: 0, mention: 0 });
    await post(`[qt][qtmeta aid=1 time=1][To:${you.accountId}][toall][/qt] [\u200BTo:${third.accountId}] [\u200Btoall]`);
    expect(emu.badge(roomId, you.accountId)).toEqual({ unread: 2, mention: 1 });
    expect(emu.badge(roomId, third.accountId)).toEqual({ unread: 2, mention: 0 });
    await post('[toall]', '1');
    expect(emu.badge(roomId, third.accountId)).toEqual({ unread: 3, mention: 1 });
    expect(emu.badge(roomId, bot.accountId)).toEqual({ unread: 1, mention: 0 });
    // A mention of oneself raises no badge (the seed's point), unless the emulator is told otherwise.
    await post(`[To:${bot.accountId}]`, '1');
    expect(emu.badge(roomId, bot.accountId)).toEqual({ unread: 2, mention: 0 });
    expect(emu.messagesIn(roomId).map((m) => m.mentions.to)).toEqual([[you.accountId], [], [], [bot.accountId]]);
  });
});

describe('rate limits', () => {
  it('per token: x-ratelimit-* on every answer, then 429 with remaining 0 until the reset', async () => {
    let now = Date.UTC(2026, 10, 21, 0, 0, 0);
    const { you } = await start({ now: () => now, tokenLimit: 3 });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await call('GET', '/me', { token: you.apiToken }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    expect(answers[0]!.headers.get('x-ratelimit-limit')).toBe('3');
    expect(answers[3]!.headers.get('x-ratelimit-reset')).toBe(String(now / 1000 + 300));
    expect(answers[3]!.headers.get('date')).toBe(new Date(now).toUTCString());
    expect(emu.rateLimited('token')).toBe(1);
    now += 300_000;
    expect((await call('GET', '/me', { token: you.apiToken })).status).toBe(200);
  });

  it('per room: the 11th post in 10 s is a 429 with the documented text; posts to other rooms pass', async () => {
    let now = Date.UTC(2026, 10, 21, 0, 0, 0);
    const { you, bot, roomId } = await start({ now: () => now });
    const other = emu.createRoom('別室', [bot.accountId]);
    const post = (room: number) => call('POST', `/rooms/${room}/messages`, { token: bot.apiToken, form: { body: 'x' } });
    for (let i = 0; i < 10; i++) expect((await post(roomId)).status).toBe(200);
    const limited = await post(roomId);
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ errors: ['Rate limit for message posting per room exceeded.'] });
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('289');
    expect((await post(other)).status).toBe(200);
    // The limit is the room's, whoever posts.
    expect((await call('POST', `/rooms/${roomId}/messages`, { token: you.apiToken, form: { body: 'x' } })).status).toBe(429);
    expect(emu.rateLimited('room')).toBe(2);
    now += 10_000;
    expect((await post(roomId)).status).toBe(200);
  });
});

describe('control API', () => {
  it('sets up the recommended accounts and room in one call, then reads messages with mentions', async () => {
    emu = await ChatworkEmulator.start();
    const setup = (await (await fetch(`${emu.url}/_emulator/setup`, { method: 'POST', body: JSON.stringify({ name: '山田' }) })).json()) as {
      paste: { apiToken: string; roomId: string; toAccountId: string };
    };
    const posted = await call('POST', `/rooms/${setup.paste.roomId}/messages`, { token: setup.paste.apiToken, form: { body: `[To:${setup.paste.toAccountId}]山田さん` } });
    expect(posted.status).toBe(200);
    const read = (await (await fetch(`${emu.url}/_emulator/messages?roomId=${setup.paste.roomId}`)).json()) as { messages: { mentions: { to: number[] } }[] };
    expect(read.messages[0]!.mentions.to).toEqual([Number(setup.paste.toAccountId)]);
    const bad = await fetch(`${emu.url}/_emulator/rooms`, { method: 'POST', body: JSON.stringify({ members: [42] }) });
    expect(bad.status).toBe(400);
  });
});
