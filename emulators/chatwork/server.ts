import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, send, sendJson, type Listening } from '../kit/http.js';
import { SlidingWindow } from '../kit/rate-window.js';
import { FaultScript } from '../kit/script.js';
import { Arrivals } from '../kit/wait.js';
import { handleControl } from './control.js';
import { readable } from './notation.js';
import { ChatworkOAuth } from './oauth.js';
import { handleRest, NOT_FOUND, type Answer, type Caller } from './rest.js';
import { ChatworkWorld, type RoomRole, type StoredMessage } from './world.js';

/**
 * A stand-in for Chatwork API v2 (reference/chatwork.md §9): `X-ChatWorkToken` or Bearer auth,
 * form-encoded bodies only (the query string of a POST is ignored), `{"errors":[…]}` answers,
 * both rate limits with `x-ratelimit-*` headers on every authenticated answer, the notifier's
 * endpoints, a message store with parsed mentions and badge counts, and the OAuth endpoints.
 */
export interface ChatworkEmulatorOptions {
  port?: number;
  /** The clock for rate windows, send times and OAuth expiry (ms since the epoch). */
  now?: () => number;
  /** 300 requests per 5 minutes per token (§2). */
  tokenLimit?: number;
  tokenWindowMs?: number;
  /** 10 posts per 10 seconds per room (§2). */
  roomLimit?: number;
  roomWindowMs?: number;
  countSelfMention?: boolean;
  rotateRefreshTokens?: boolean;
}

export interface ChatworkRequest {
  method: string;
  path: string;
  status: number;
  at: number;
  /** Which limit refused it, for 429s the emulator gave by itself. */
  limited?: 'token' | 'room';
}

export class ChatworkEmulator {
  readonly world: ChatworkWorld;
  readonly oauth: ChatworkOAuth;
  readonly script = new FaultScript();
  readonly requests: ChatworkRequest[] = [];
  private readonly tokenWindow: SlidingWindow;
  private readonly roomWindow: SlidingWindow;
  private readonly arrivals = new Arrivals();
  private readonly now: () => number;

  private constructor(
    private readonly listening: Listening,
    options: ChatworkEmulatorOptions,
  ) {
    this.now = options.now ?? (() => Date.now());
    this.world = new ChatworkWorld({ now: this.now, countSelfMention: options.countSelfMention ?? false });
    this.oauth = new ChatworkOAuth(this.world, this.now, { rotateRefreshTokens: options.rotateRefreshTokens ?? false });
    this.tokenWindow = new SlidingWindow(options.tokenLimit ?? 300, options.tokenWindowMs ?? 300_000, this.now);
    this.roomWindow = new SlidingWindow(options.roomLimit ?? 10, options.roomWindowMs ?? 10_000, this.now);
  }

  static async start(options: ChatworkEmulatorOptions = {}): Promise<ChatworkEmulator> {
    const ref: { self?: ChatworkEmulator } = {};
    const listening = await listen((req, res, body) => ref.self!.handle(req, res, body), options.port);
    ref.self = new ChatworkEmulator(listening, options);
    return ref.self;
  }

  /** The origin (OAuth endpoints and the control API live here). */
  get url(): string {
    return this.listening.url;
  }

  /** What TAYORI_CHATWORK_API_URL points at. */
  get apiUrl(): string {
    return `${this.url}/v2`;
  }

  /** A new account with its API token (what a user copies from "サービス連携" → "API Token"). */
  createAccount(name: string, options: { email?: string; organizationName?: string } = {}) {
    const { account, apiToken } = this.world.createAccount({ name, ...options });
    return { accountId: account.account_id, apiToken, myRoomId: account.room_id };
  }

  /** A group chat; members as ids (role `member`, the first `admin`) or `[id, role]`. */
  createRoom(name: string, members: (number | [number, RoomRole])[]): number {
    const list = members.map((m, i): [number, RoomRole] => (Array.isArray(m) ? m : [m, i === 0 ? 'admin' : 'member']));
    return this.world.createRoom({ name, members: list }).room_id;
  }

  /** Makes two accounts contacts; returns their direct-chat room. */
  connect(a: number, b: number): number {
    return this.world.connect(a, b);
  }

  /** Revokes an API token or OAuth token: it answers 401 from now on. */
  revokeToken(token: string): boolean {
    return this.world.revokeApiToken(token) || this.oauth.revoke(token);
  }

  messagesIn(roomId: number): StoredMessage[] {
    return this.world.rooms.get(roomId)?.messages ?? [];
  }

  get messages(): StoredMessage[] {
    return [...this.world.rooms.values()].flatMap((r) => r.messages).sort((a, b) => (BigInt(a.message_id) < BigInt(b.message_id) ? -1 : 1));
  }

  /** What the member's room list shows: unread messages and unread mentions (the badge). */
  badge(roomId: number, accountId: number): { unread: number; mention: number } {
    const room = this.world.rooms.get(roomId);
    return { unread: room?.unread.get(accountId) ?? 0, mention: room?.mention.get(accountId) ?? 0 };
  }

  /** 429s the emulator gave by itself (not scripted): a well-behaved client causes none. */
  rateLimited(kind?: 'token' | 'room'): number {
    return this.requests.filter((r) => r.limited !== undefined && (kind === undefined || r.limited === kind)).length;
  }

  async waitForMessages(count: number, timeoutMs = 10_000): Promise<StoredMessage[]> {
    await this.arrivals.until(() => this.messages.length >= count, () => `expected ${count} Chatwork messages, got ${this.messages.length}`, timeoutMs);
    return this.messages;
  }

  close(): Promise<void> {
    return this.listening.close();
  }

  /** What the emulator page shows: each message as a reader would see it, with who it mentions. */
  describe() {
    const name = (id: number) => this.world.accounts.get(id)?.name ?? String(id);
    return {
      name: 'Chatwork (API v2)',
      url: this.apiUrl,
      note: `Accounts: ${this.world.accounts.size}. Rooms: ${this.world.rooms.size}. 429 answers: ${this.rateLimited('token')} token limit, ${this.rateLimited('room')} room limit.`,
      items: this.messages.map((m) => ({
        at: m.send_time * 1000,
        title: `#!rid${m.room_id} ${this.world.rooms.get(m.room_id)?.name ?? ''} — ${m.account.name}${m.selfUnread ? ' (self_unread)' : ''}`,
        lines: [readable(m.body)],
        mentions: [...m.mentions.to.map((id) => `To:${id} ${name(id)}`), ...(m.mentions.toall ? ['toall'] : [])],
      })),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const isForm = (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
    // Since 2025-07-03 POST and PUT read body parameters only (§1): the query string never counts.
    const form = new URLSearchParams(isForm ? raw.toString('utf8') : '');
    if (url.pathname.startsWith('/_emulator/')) {
      return answer(res, handleControl(this, req.method ?? 'GET', url, raw));
    }
    if (req.method === 'GET' && url.pathname === '/packages/oauth2/login.php') return answer(res, this.oauth.consent(url.searchParams));
    if (req.method === 'POST' && url.pathname === '/token') return answer(res, this.oauth.token(req.headers['authorization'], form));
    if (!url.pathname.startsWith('/v2/')) return answer(res, NOT_FOUND);

    const path = url.pathname.slice(3);
    const log = (status: number, limited?: 'token' | 'room') => this.requests.push({ method: req.method ?? '', path, status, at: this.now(), ...(limited ? { limited } : {}) });
    if (await this.script.apply(res)) return void log(res.statusCode);

    // The emulator's clock, not the machine's: x-ratelimit-reset is read against this.
    const date = new Date(this.now()).toUTCString();
    const auth = this.authenticate(req);
    if (!('caller' in auth)) {
      log(401);
      return answer(res, auth, { date });
    }
    const taken = this.tokenWindow.take(auth.token);
    const headers = {
      date,
      'x-ratelimit-limit': String(this.tokenWindow.limit),
      'x-ratelimit-remaining': String(taken.ok ? taken.remaining : 0),
      'x-ratelimit-reset': String(Math.ceil(this.tokenWindow.resetAt(auth.token) / 1000)),
    };
    if (!taken.ok) {
      log(429, 'token');
      return answer(res, { status: 429, json: { errors: ['Rate limit exceeded.'] } }, headers);
    }
    let roomLimited = false;
    const result = handleRest(this.world, auth.caller, req.method ?? 'GET', path, form, url.searchParams, {
      takeRoom: (roomId) => {
        roomLimited = !this.roomWindow.take(String(roomId)).ok;
        return !roomLimited;
      },
    });
    log(result.status, roomLimited ? 'room' : undefined);
    answer(res, result, headers);
    if (req.method === 'POST' && result.status === 200) this.arrivals.notify();
  }

  private authenticate(req: IncomingMessage): { caller: Caller; token: string } | Answer {
    const invalid: Answer = { status: 401, json: { errors: ['Invalid API token'] } };
    const apiToken = req.headers['x-chatworktoken'];
    if (typeof apiToken === 'string' && apiToken !== '') {
      const accountId = this.world.apiTokens.get(apiToken);
      return accountId === undefined ? invalid : { caller: { accountId }, token: apiToken };
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers['authorization'] ?? '');
    if (!bearer) return invalid;
    const found = this.oauth.resolveBearer(bearer[1]!);
    if (found === 'expired') {
      return { ...invalid, headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="The access token expired"' } };
    }
    if (!found) return { ...invalid, headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="The access token is invalid"' } };
    return { caller: found, token: bearer[1]! };
  }
}

function answer(res: ServerResponse, a: Answer, extra: Record<string, string> = {}): void {
  const headers = { ...extra, ...a.headers };
  if (a.json === undefined) {
    send(res, a.status, 'text/plain; charset=utf-8', '', headers);
    return;
  }
  sendJson(res, a.status, a.json, headers);
}
