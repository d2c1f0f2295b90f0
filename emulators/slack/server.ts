import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { listen, send, sendJson, type Listening } from '../kit/http.js';
import { SlidingWindow } from '../kit/rate-window.js';
import { FaultScript } from '../kit/script.js';
import { Waiters } from '../kit/waiters.js';
import { findMentions, mrkdwnTexts, unescapeSlack, type SlackMentions } from './mentions.js';
import { blocksProblem } from './validate-blocks.js';

/**
 * A faithful stand-in for Slack Incoming Webhooks (reference/slack.md §1, §9): `POST /services/T/B/X`,
 * JSON only, `200 ok` as text, the documented plain-text error codes with their statuses, and the
 * 1 request / second limit per webhook answered with 429 and Retry-After.
 */
export interface SlackWebhookMessage {
  hook: string;
  channel: string;
  payload: { text?: string; blocks?: unknown[]; [k: string]: unknown };
  mentions: SlackMentions;
  receivedAt: number;
}

interface Hook {
  path: string;
  channel: string;
  /** When set, the hook answers with this error (a deleted webhook, an archived channel…). */
  dead?: { status: number; code: string };
}

export interface SlackEmulatorOptions {
  port?: number;
  /** Requests allowed per webhook in any `windowMs` (default 1 per 1000 ms). */
  ratePerWindow?: number;
  windowMs?: number;
  now?: () => number;
  /** Added before every answer, like a real network round trip (for crash and load tests). */
  latencyMs?: number;
}

/** Webhook error codes and the status Slack gives each (reference/slack.md §1). */
export const SLACK_WEBHOOK_ERRORS: Record<string, number> = {
  invalid_payload: 400,
  no_text: 400,
  invalid_blocks: 400,
  user_not_found: 400,
  action_prohibited: 403,
  invalid_token: 403,
  team_disabled: 403,
  posting_to_general_channel_denied: 403,
  channel_not_found: 404,
  no_service: 404,
  no_service_id: 404,
  no_team: 404,
  channel_is_archived: 410,
  no_active_hooks: 410,
  rollup_error: 500,
};

export class SlackEmulator {
  readonly messages: SlackWebhookMessage[] = [];
  readonly script = new FaultScript();
  /** Every request that reached a webhook path, answered or not (to count 429s). */
  readonly requests: { hook: string; status: number; at: number }[] = [];
  /** Webhook requests received and not yet answered (to catch a client mid-send). */
  inFlight = 0;
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;

  /** Holds every webhook request until `resume()`, like a service that stopped answering. */
  pause(): void {
    this.gate ??= new Promise<void>((resolve) => (this.openGate = resolve));
  }

  resume(): void {
    this.openGate?.();
    this.gate = undefined;
  }
  private readonly hooks = new Map<string, Hook>();
  private readonly window: SlidingWindow;
  private readonly waiters = new Waiters();

  private readonly latencyMs: number;

  private constructor(
    private readonly listening: Listening,
    options: SlackEmulatorOptions,
  ) {
    this.latencyMs = options.latencyMs ?? 0;
    this.window = new SlidingWindow(options.ratePerWindow ?? 1, options.windowMs ?? 1000, options.now);
  }

  static async start(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
    const ref: { self?: SlackEmulator } = {};
    const listening = await listen((req, res, body) => ref.self!.handle(req, res, body), options.port);
    ref.self = new SlackEmulator(listening, options);
    return ref.self;
  }

  get url(): string {
    return this.listening.url;
  }

  /** Creates a webhook as Slack's "Add Incoming Webhook" would, and returns its URL. */
  createWebhook(channel = '#general'): string {
    const team = `T${randomBytes(4).toString('hex').toUpperCase()}`;
    const bot = `B${randomBytes(4).toString('hex').toUpperCase()}`;
    const secret = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
    const path = `/services/${team}/${bot}/${secret}`;
    this.hooks.set(path, { path, channel });
    return this.url + path;
  }

  /** Makes a webhook answer with one of Slack's errors from now on (deleted, archived, revoked…). */
  breakWebhook(url: string, code: keyof typeof SLACK_WEBHOOK_ERRORS | string): void {
    const hook = this.hooks.get(new URL(url).pathname);
    if (!hook) throw new Error('unknown webhook');
    hook.dead = { status: SLACK_WEBHOOK_ERRORS[code] ?? 404, code };
  }

  messagesFor(url: string): SlackWebhookMessage[] {
    const path = new URL(url).pathname;
    return this.messages.filter((m) => m.hook === path);
  }

  /** 429s this emulator had to give: a well-behaved client causes none. */
  get rateLimited(): number {
    return this.requests.filter((r) => r.status === 429).length;
  }

  async waitForMessages(count: number, timeoutMs = 10_000): Promise<SlackWebhookMessage[]> {
    await this.waiters.until(() => this.messages.length >= count, timeoutMs, () => `expected ${count} Slack messages, got ${this.messages.length}`);
    return this.messages;
  }

  close(): Promise<void> {
    return this.listening.close();
  }

  /** What the emulator page shows: each message as Slack would render its text. */
  describe() {
    return {
      name: 'Slack (Incoming Webhooks)',
      url: this.url,
      note: `Webhooks: ${this.hooks.size}. 429 answers: ${this.rateLimited}.`,
      items: this.messages.map((m) => ({
        at: m.receivedAt,
        title: `${m.channel} ${m.hook.slice(0, 32)}…`,
        lines: mrkdwnTexts(m.payload).map(unescapeSlack),
        mentions: [...m.mentions.users.map((u) => `@${u}`), ...m.mentions.special.map((s) => `!${s}`)],
      })),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/_emulator/')) return this.control(req, res, url, body);
    if (req.method !== 'POST' || !url.pathname.startsWith('/services/')) {
      return send(res, 404, 'text/html', 'Not Found');
    }
    const hook = this.hooks.get(url.pathname);
    const answer = (status: number, text: string, headers: Record<string, string> = {}) => {
      this.requests.push({ hook: url.pathname, status, at: Date.now() });
      send(res, status, 'text/html', text, headers);
    };
    this.inFlight++;
    res.on('close', () => this.inFlight--);
    if (this.gate) await this.gate;
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (await this.script.apply(res)) {
      this.requests.push({ hook: url.pathname, status: res.statusCode, at: Date.now() });
      return;
    }
    if (!hook) return answer(404, 'no_service');
    if (hook.dead) return answer(hook.dead.status, hook.dead.code);
    const limit = this.window.take(url.pathname);
    if (!limit.ok) return answer(429, 'rate_limited', { 'retry-after': String(Math.ceil(limit.retryAfterMs / 1000)) });
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      return answer(400, 'invalid_payload');
    }
    let payload: SlackWebhookMessage['payload'];
    try {
      payload = JSON.parse(body.toString('utf8')) as SlackWebhookMessage['payload'];
    } catch {
      return answer(400, 'invalid_payload');
    }
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return answer(400, 'invalid_payload');
    const hasText = typeof payload.text === 'string' && payload.text.trim() !== '';
    const hasBlocks = Array.isArray(payload.blocks) && payload.blocks.length > 0;
    if (!hasText && !hasBlocks) return answer(400, 'no_text');
    if (blocksProblem(payload.blocks)) return answer(400, 'invalid_blocks');
    const mentions = findMentions(payload);
    if (payload['link_names'] || payload['parse'] === 'full') {
      // With these flags Slack turns plain "@channel", "@here" and "@everyone" into live mentions too.
      for (const t of mrkdwnTexts(payload)) {
        for (const m of t.matchAll(/(?:^|\s)@(channel|here|everyone)\b/g)) if (!mentions.special.includes(m[1]!)) mentions.special.push(m[1]!);
      }
    }
    this.messages.push({ hook: url.pathname, channel: hook.channel, payload, mentions, receivedAt: Date.now() });
    this.waiters.notify();
    return answer(200, 'ok');
  }

  /** JSON control API for tests and tools in other processes. */
  private control(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    const input = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
    if (req.method === 'POST' && url.pathname === '/_emulator/webhooks') {
      return sendJson(res, 201, { url: this.createWebhook(typeof input['channel'] === 'string' ? input['channel'] : undefined) });
    }
    if (req.method === 'POST' && url.pathname === '/_emulator/webhooks/break') {
      this.breakWebhook(String(input['url']), String(input['code'] ?? 'no_service'));
      return sendJson(res, 200, { ok: true });
    }
    if (req.method === 'POST' && url.pathname === '/_emulator/script') {
      const status = Number(input['status'] ?? 500);
      this.script.failNext(status, {
        times: Number(input['times'] ?? 1),
        body: typeof input['body'] === 'string' ? input['body'] : undefined,
        headers: (input['headers'] as Record<string, string> | undefined) ?? {},
      });
      return sendJson(res, 200, { ok: true });
    }
    if (req.method === 'GET' && url.pathname === '/_emulator/stats') {
      return sendJson(res, 200, { messages: this.messages.length, rateLimited: this.rateLimited, webhooks: this.hooks.size });
    }
    if (req.method === 'POST' && url.pathname === '/_emulator/webhooks/bulk') {
      const count = Math.min(Number(input['count'] ?? 1), 100_000);
      return sendJson(res, 201, { urls: Array.from({ length: count }, () => this.createWebhook()) });
    }
    if (req.method === 'GET' && url.pathname === '/_emulator/messages') {
      return sendJson(res, 200, { messages: this.messages, rateLimited: this.rateLimited });
    }
    if (req.method === 'DELETE' && url.pathname === '/_emulator/messages') {
      this.messages.length = 0;
      this.requests.length = 0;
      return sendJson(res, 200, { ok: true });
    }
    sendJson(res, 404, { error: 'unknown emulator control path' });
  }
}
