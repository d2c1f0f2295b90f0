import type { Answer } from './rest.js';
import { publicMessage } from './rest.js';
import type { ChatworkEmulator } from './server.js';
import type { RoomRole } from './world.js';

/**
 * The emulator's JSON control API (`/_emulator/…`), for tests and tools in other processes and for
 * the `tayori emulators` page: create accounts, rooms and contacts, revoke tokens, script faults,
 * register OAuth clients, and read what arrived with its parsed mentions and badge counts.
 */
export function handleControl(emu: ChatworkEmulator, method: string, url: URL, raw: Buffer): Answer {
  let input: Record<string, unknown>;
  try {
    input = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
  } catch {
    return { status: 400, json: { error: 'the body must be JSON' } };
  }
  try {
    return route(emu, `${method} ${url.pathname}`, input, url.searchParams) ?? { status: 404, json: { error: 'unknown emulator control path' } };
  } catch (err) {
    return { status: 400, json: { error: (err as Error).message } };
  }
}

const str = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() !== '' ? v : fallback);

function route(emu: ChatworkEmulator, key: string, input: Record<string, unknown>, query: URLSearchParams): Answer | undefined {
  switch (key) {
    case 'POST /_emulator/accounts':
      return { status: 201, json: emu.createAccount(str(input['name'], 'テスト ユーザー'), { ...(typeof input['email'] === 'string' ? { email: input['email'] } : {}) }) };
    case 'POST /_emulator/rooms': {
      const members = (input['members'] as (number | [number, RoomRole])[] | undefined) ?? [];
      return { status: 201, json: { roomId: emu.createRoom(str(input['name'], 'グループチャット'), members) } };
    }
    case 'POST /_emulator/members': {
      const role = input['role'] === null ? null : ((input['role'] as RoomRole | undefined) ?? 'member');
      emu.world.setMember(Number(input['roomId']), Number(input['accountId']), role);
      return { status: 200, json: { ok: true } };
    }
    case 'POST /_emulator/contacts':
      return { status: 201, json: { roomId: emu.connect(Number(input['a']), Number(input['b'])) } };
    case 'POST /_emulator/setup':
      return { status: 201, json: setup(emu, str(input['name'], '山田 太郎')) };
    case 'POST /_emulator/tokens/revoke':
      return { status: 200, json: { revoked: emu.revokeToken(String(input['token'] ?? '')) } };
    case 'POST /_emulator/oauth/clients': {
      const type = input['type'] === 'public' ? 'public' : 'confidential';
      return { status: 201, json: emu.oauth.registerClient({ redirectUris: (input['redirectUris'] as string[] | undefined) ?? [], type }) };
    }
    case 'POST /_emulator/oauth/sign-in':
      emu.oauth.signedInAccount = Number(input['accountId']);
      return { status: 200, json: { ok: true } };
    case 'POST /_emulator/script':
      if (input['drop']) emu.script.dropNext();
      else if (input['hang']) emu.script.hangNext();
      else {
        emu.script.failNext(Number(input['status'] ?? 500), {
          times: Number(input['times'] ?? 1),
          ...(typeof input['body'] === 'string' ? { body: input['body'], contentType: 'application/json; charset=utf-8' } : {}),
          headers: (input['headers'] as Record<string, string> | undefined) ?? {},
        });
      }
      return { status: 200, json: { ok: true } };
    case 'GET /_emulator/messages': {
      const roomId = query.get('roomId');
      const list = roomId ? emu.messagesIn(Number(roomId)) : emu.messages;
      return {
        status: 200,
        json: { messages: list.map((m) => ({ ...publicMessage(m), room_id: m.room_id, self_unread: m.selfUnread, mentions: m.mentions })), rateLimited: { token: emu.rateLimited('token'), room: emu.rateLimited('room') } },
      };
    }
    case 'GET /_emulator/badge':
      return { status: 200, json: emu.badge(Number(query.get('roomId')), Number(query.get('accountId'))) };
    case 'POST /_emulator/read':
      emu.world.markRead(Number(input['roomId']), Number(input['accountId']));
      return { status: 200, json: { ok: true } };
    case 'DELETE /_emulator/messages':
      for (const room of emu.world.rooms.values()) room.messages.length = 0;
      emu.requests.length = 0;
      return { status: 200, json: { ok: true } };
  }
  return undefined;
}

/**
 * The seed's recommended set-up in one call: the user's own account, a dedicated notification
 * account (通知専用アカウント) that is their contact, and a group chat with both. Paste the
 * notifier's token, the room id and the user's account id into Tayori.
 */
export function setup(emu: ChatworkEmulator, name: string) {
  const you = emu.createAccount(name);
  const notifier = emu.createAccount('通知用');
  const directRoomId = emu.connect(you.accountId, notifier.accountId);
  const roomId = emu.createRoom('Tayori 通知', [you.accountId, notifier.accountId]);
  return {
    you,
    notifier,
    roomId,
    directRoomId,
    paste: { apiToken: notifier.apiToken, roomId: String(roomId), toAccountId: String(you.accountId) },
  };
}
