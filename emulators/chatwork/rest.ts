import type { ChatworkWorld, Room, StoredMessage } from './world.js';

/**
 * The REST endpoints a notifier and the org-app pickers use (reference/chatwork.md §1, §9.3, §9.5),
 * with the documented field sets. Wording of 403/404/scope errors is the emulator's own: the real
 * strings are UNCONFIRMED (§3), so clients must not match on them.
 */
export interface Caller {
  accountId: number;
  /** OAuth scopes of a Bearer token; undefined for an API token (full access). */
  scopes?: ReadonlySet<string>;
}

export interface Answer {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface RestLimits {
  /** Counts a post against the room's limit; false when the room is over it. */
  takeRoom(roomId: number): boolean;
}

export const MAX_BODY_CHARS = 65_535;

/** Any one of these scopes allows the call (§6 scope list). */
const SCOPES = {
  me: ['users.profile.me:read', 'users.all:read'],
  roomRead: ['rooms.info:read', 'rooms.all:read', 'rooms.all:read_write'],
  members: ['rooms.members:read', 'rooms.all:read', 'rooms.all:read_write'],
  messagesRead: ['rooms.messages:read', 'rooms.all:read', 'rooms.all:read_write'],
  messagesWrite: ['rooms.messages:write', 'rooms.all:write', 'rooms.all:read_write'],
  contacts: ['contacts.all:read', 'contacts.all:read_write'],
} as const;

const errors = (status: number, ...messages: string[]): Answer => ({ status, json: { errors: messages } });
export const NOT_FOUND = errors(404, 'Not Found');

export function handleRest(world: ChatworkWorld, caller: Caller, method: string, path: string, form: URLSearchParams, query: URLSearchParams, limits: RestLimits): Answer {
  const parts = path.split('/').filter(Boolean);
  const scoped = (need: keyof typeof SCOPES, fn: () => Answer): Answer => {
    if (caller.scopes && !SCOPES[need].some((s) => caller.scopes!.has(s))) {
      return { ...errors(403, 'The access token does not have the required scope'), headers: { 'www-authenticate': 'Bearer error="insufficient_scope"' } };
    }
    return fn();
  };
  const me = world.requireAccount(caller.accountId);
  if (method === 'GET' && path === '/me') return scoped('me', () => ({ status: 200, json: me }));
  if (method === 'GET' && path === '/contacts') return scoped('contacts', () => ({ status: 200, json: contactsOf(world, caller.accountId) }));
  if (method === 'GET' && path === '/rooms') {
    return scoped('roomRead', () => ({
      status: 200,
      json: [...world.rooms.values()].filter((r) => r.members.has(caller.accountId)).map((r) => roomSummary(r, caller.accountId)),
    }));
  }
  if (parts[0] !== 'rooms' || !parts[1] || !/^\d+$/.test(parts[1])) return NOT_FOUND;
  const room = world.rooms.get(Number(parts[1]));
  const sub = parts.slice(2).join('/');
  const access = (): Answer | undefined => {
    if (!room) return errors(404, 'The room does not exist');
    if (!room.members.has(caller.accountId)) return errors(403, 'You are not a member of this room');
    return undefined;
  };
  if (method === 'GET' && sub === '') {
    return scoped('roomRead', () => access() ?? { status: 200, json: { ...roomSummary(room!, caller.accountId), description: room!.description } });
  }
  if (method === 'GET' && sub === 'members') {
    return scoped('members', () => access() ?? { status: 200, json: membersOf(world, room!) });
  }
  if (method === 'GET' && sub === 'messages') return scoped('messagesRead', () => access() ?? readMessages(room!, caller.accountId, query));
  if (method === 'POST' && sub === 'messages') return scoped('messagesWrite', () => access() ?? postMessage(world, room!, caller.accountId, form, limits));
  return NOT_FOUND;
}

function postMessage(world: ChatworkWorld, room: Room, accountId: number, form: URLSearchParams, limits: RestLimits): Answer {
  if (room.members.get(accountId) === 'readonly') return errors(403, 'You do not have permission to post in this room');
  if (!limits.takeRoom(room.room_id)) return errors(429, 'Rate limit for message posting per room exceeded.');
  const body = form.get('body');
  if (body === null || body === '') return errors(400, "Parameter 'body' is required");
  if (body.length > MAX_BODY_CHARS) return errors(400, `Parameter 'body' must be ${MAX_BODY_CHARS} characters or less`);
  const selfUnread = form.get('self_unread') ?? '0';
  if (selfUnread !== '0' && selfUnread !== '1') return errors(400, "Parameter 'self_unread' must be 0 or 1");
  const message = world.post(room, accountId, body, selfUnread === '1');
  return { status: 200, json: { message_id: message.message_id } };
}

/** force=1: the latest 100; otherwise only what this caller has not fetched yet, 204 when nothing. */
function readMessages(room: Room, accountId: number, query: URLSearchParams): Answer {
  const force = query.get('force') === '1';
  const seen = room.fetched.get(accountId) ?? 0;
  const list = force ? room.messages.slice(-100) : room.messages.slice(seen).slice(-100);
  room.fetched.set(accountId, room.messages.length);
  if (list.length === 0) return { status: 204 };
  return { status: 200, json: list.map(publicMessage) };
}

export function publicMessage(m: StoredMessage) {
  return { message_id: m.message_id, account: m.account, body: m.body, send_time: m.send_time, update_time: m.update_time };
}

function roomSummary(room: Room, accountId: number) {
  return {
    room_id: room.room_id,
    name: room.name,
    type: room.type,
    role: room.members.get(accountId) ?? 'member',
    sticky: false,
    unread_num: room.unread.get(accountId) ?? 0,
    mention_num: room.mention.get(accountId) ?? 0,
    mytask_num: 0,
    message_num: room.messages.length,
    file_num: 0,
    task_num: 0,
    icon_path: room.icon_path,
    last_update_time: room.last_update_time,
  };
}

function membersOf(world: ChatworkWorld, room: Room) {
  return [...room.members].map(([id, role]) => ({ ...accountCard(world, id), role }));
}

/** Contacts carry the direct-chat room id and no e-mail (§1). */
function contactsOf(world: ChatworkWorld, accountId: number) {
  return [...(world.contacts.get(accountId) ?? new Map<number, number>())].map(([id, roomId]) => ({ ...accountCard(world, id), room_id: roomId }));
}

/** The fields members and contacts share (no e-mail: only `/me` has one). */
function accountCard(world: ChatworkWorld, id: number) {
  const a = world.requireAccount(id);
  return {
    account_id: a.account_id,
    name: a.name,
    chatwork_id: a.chatwork_id,
    organization_id: a.organization_id,
    organization_name: a.organization_name,
    department: a.department,
    avatar_image_url: a.avatar_image_url,
  };
}
