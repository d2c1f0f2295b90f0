import { randomBytes } from 'node:crypto';
import { findMentions, type ChatworkMentions } from './notation.js';

/**
 * The emulator's Chatwork: accounts, their API tokens, rooms with members and roles, contacts
 * (each pair shares a direct-chat room), messages, and per-member unread and mention counts
 * (reference/chatwork.md §1, §5). Pure data and rules; HTTP lives in server.ts.
 */
export type RoomRole = 'admin' | 'member' | 'readonly';
export type RoomType = 'my' | 'direct' | 'group';

export interface Account {
  account_id: number;
  room_id: number;
  name: string;
  chatwork_id: string;
  organization_id: number;
  organization_name: string;
  department: string;
  title: string;
  url: string;
  introduction: string;
  mail: string;
  tel_organization: string;
  tel_extension: string;
  tel_mobile: string;
  skype: string;
  facebook: string;
  twitter: string;
  avatar_image_url: string;
  login_mail: string;
}

export interface StoredMessage {
  message_id: string;
  room_id: number;
  account: { account_id: number; name: string; avatar_image_url: string };
  body: string;
  send_time: number;
  update_time: number;
  selfUnread: boolean;
  mentions: ChatworkMentions;
}

export interface Room {
  room_id: number;
  name: string;
  type: RoomType;
  description: string;
  icon_path: string;
  members: Map<number, RoomRole>;
  messages: StoredMessage[];
  /** Per member: unread messages and unread mentions (what the badge shows). */
  unread: Map<number, number>;
  mention: Map<number, number>;
  /** Per member: how many messages `GET …/messages` (force=0) already returned. */
  fetched: Map<number, number>;
  last_update_time: number;
}

export interface WorldOptions {
  now: () => number;
  /** Count a mention of the poster by themself (UNCONFIRMED on the real service; off by default). */
  countSelfMention?: boolean;
}

export class ChatworkWorld {
  readonly accounts = new Map<number, Account>();
  /** API tokens (`X-ChatWorkToken`) → account; a revoked token is removed. */
  readonly apiTokens = new Map<string, number>();
  readonly rooms = new Map<number, Room>();
  /** account → contact account → direct room id. */
  readonly contacts = new Map<number, Map<number, number>>();
  private nextAccount = 1_000_001;
  private nextRoom = 300_000_001;
  private nextMessage = 1_928_374_655_918_273_645n;

  constructor(private readonly options: WorldOptions) {}

  /** A new account with its own My Chat and API token, as after signing up and opening "API Token". */
  createAccount(input: { name: string; email?: string; organizationName?: string }): { account: Account; apiToken: string } {
    const id = this.nextAccount++;
    const myRoom = this.addRoom({ name: 'マイチャット', type: 'my', members: [[id, 'admin']] });
    const mail = input.email ?? `user${id}@example.com`;
    const account: Account = {
      account_id: id,
      room_id: myRoom.room_id,
      name: input.name,
      chatwork_id: `user_${id}`,
      organization_id: 0,
      organization_name: input.organizationName ?? '',
      department: '',
      title: '',
      url: '',
      introduction: '',
      mail,
      tel_organization: '',
      tel_extension: '',
      tel_mobile: '',
      skype: '',
      facebook: '',
      twitter: '',
      avatar_image_url: `https://appdata.chatwork.com/avatar/${id}.png`,
      login_mail: mail,
    };
    this.accounts.set(id, account);
    return { account, apiToken: this.issueApiToken(id) };
  }

  /** Chatwork shows one API token per account; issuing a new one revokes the old (as "再発行" does). */
  issueApiToken(accountId: number): string {
    for (const [t, a] of this.apiTokens) if (a === accountId) this.apiTokens.delete(t);
    const token = randomBytes(16).toString('hex');
    this.apiTokens.set(token, accountId);
    return token;
  }

  revokeApiToken(token: string): boolean {
    return this.apiTokens.delete(token);
  }

  createRoom(input: { name: string; members: [number, RoomRole][]; description?: string }): Room {
    for (const [id] of input.members) this.requireAccount(id);
    return this.addRoom({ ...input, type: 'group' });
  }

  /** Makes two accounts contacts (an invitation sent and accepted) and returns their direct room. */
  connect(a: number, b: number): number {
    this.requireAccount(a);
    this.requireAccount(b);
    const existing = this.contacts.get(a)?.get(b);
    if (existing) return existing;
    const room = this.addRoom({ name: '', type: 'direct', members: [[a, 'admin'], [b, 'admin']] });
    for (const [x, y] of [[a, b], [b, a]] as const) {
      const map = this.contacts.get(x) ?? new Map<number, number>();
      map.set(y, room.room_id);
      this.contacts.set(x, map);
    }
    return room.room_id;
  }

  setMember(roomId: number, accountId: number, role: RoomRole | null): void {
    const room = this.rooms.get(roomId);
    if (!room) throw new Error(`no room ${roomId}`);
    this.requireAccount(accountId);
    if (role === null) room.members.delete(accountId);
    else room.members.set(accountId, role);
  }

  /** Stores a message and updates every member's counts (§5's model). */
  post(room: Room, senderId: number, body: string, selfUnread: boolean): StoredMessage {
    const sender = this.requireAccount(senderId);
    const now = Math.floor(this.options.now() / 1000);
    const mentions = findMentions(body);
    const message: StoredMessage = {
      message_id: String(this.nextMessage++),
      room_id: room.room_id,
      account: { account_id: sender.account_id, name: sender.name, avatar_image_url: sender.avatar_image_url },
      body,
      send_time: now,
      update_time: 0,
      selfUnread,
      mentions,
    };
    room.messages.push(message);
    room.last_update_time = now;
    for (const member of room.members.keys()) {
      const self = member === senderId;
      const mentioned = mentions.to.includes(member) || (mentions.toall && !self);
      if (!self || selfUnread) bump(room.unread, member);
      if (mentioned && (!self || this.options.countSelfMention)) bump(room.mention, member);
    }
    return message;
  }

  /** A member reads the room: both counts back to zero (what opening the room in the app does). */
  markRead(roomId: number, accountId: number): void {
    const room = this.rooms.get(roomId);
    room?.unread.set(accountId, 0);
    room?.mention.set(accountId, 0);
  }

  requireAccount(id: number): Account {
    const a = this.accounts.get(id);
    if (!a) throw new Error(`no account ${id}`);
    return a;
  }

  private addRoom(input: { name: string; type: RoomType; members: [number, RoomRole][]; description?: string }): Room {
    const room: Room = {
      room_id: this.nextRoom++,
      name: input.name,
      type: input.type,
      description: input.description ?? '',
      icon_path: 'https://appdata.chatwork.com/icon/ico_group.png',
      members: new Map(input.members),
      messages: [],
      unread: new Map(),
      mention: new Map(),
      fetched: new Map(),
      last_update_time: Math.floor(this.options.now() / 1000),
    };
    this.rooms.set(room.room_id, room);
    return room;
  }
}

function bump(map: Map<number, number>, key: number): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
