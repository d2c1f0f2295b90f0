import type { ConnectionContext, Failure, RateLimit, Target, Verified, Warning } from '../channel.js';
import { guardTransport } from '../http.js';
import { pick } from '../../i18n/text.js';
import { classifyChatwork } from './classify.js';
import type { ChatworkClient, ChatworkCredential } from './client.js';
import { tokenLimit, type ChatworkConfig, type ChatworkSecrets } from './connection.js';

type Checked = Verified<ChatworkConfig>;

/**
 * Checks a connection without posting (PRODUCT §5 "saving again with a passing test"): `GET /me`
 * proves the token and says whose it is; `GET /rooms/{id}` proves the room exists and the token's
 * account may post there; `GET /rooms/{id}/members` proves the To account will see the message.
 * Up to three requests of the token's 300 per 5 minutes, once per save: returned in `spent`, so the
 * limiter counts them.
 */
export async function verifyChatwork(
  client: ChatworkClient,
  target: Target<ChatworkConfig, ChatworkSecrets>,
  ctx: ConnectionContext,
  signal: AbortSignal,
  now: () => Date,
): Promise<Checked> {
  const credential: ChatworkCredential = { kind: 'token', token: target.secrets.apiToken };
  const limit = tokenLimit(target.secrets.apiToken);
  const spent: RateLimit[] = [];
  const get = (path: string) => {
    // Counted before it is sent: a request that fails on the way may still have reached Chatwork.
    spent.push(limit);
    return client.get(path, credential, signal);
  };
  const checked = await check(get, target, ctx, now);
  return { ...checked, spent };
}

async function check(
  get: (path: string) => ReturnType<ChatworkClient['get']>,
  target: Target<ChatworkConfig, ChatworkSecrets>,
  ctx: ConnectionContext,
  now: () => Date,
): Promise<Checked> {
  const secrets = [target.secrets.apiToken];
  const { roomId, toAccountId } = target.config;
  const refuse = (field: string, code: string, reason: Failure['reason'], status?: number): Checked => ({
    ok: false,
    retryable: false,
    reason,
    code,
    status,
    detail: code,
    field,
  });

  let me: { account_id?: unknown; name?: unknown } = {};
  const meResult = await guardTransport(async () => {
    const res = await get('/me');
    if (res.status === 200) me = parseObject(res.text);
    return classifyChatwork(res, 'me', now(), secrets);
  });
  if (!meResult.ok) return { ...meResult, field: 'apiToken' };
  const sender = typeof me.account_id === 'number' || typeof me.account_id === 'string' ? String(me.account_id) : undefined;

  let role: unknown;
  const roomResult = await guardTransport(async () => {
    const res = await get(`/rooms/${roomId}`);
    if (res.status === 200) role = parseObject(res.text)['role'];
    return classifyChatwork(res, 'room', now(), secrets);
  });
  if (!roomResult.ok) return roomResult.retryable ? roomResult : { ...roomResult, field: roomResult.code === 'insufficient_scope' ? 'apiToken' : 'roomId' };
  if (role === 'readonly') return refuse('roomId', 'room_readonly', 'auth');

  if (toAccountId && toAccountId !== sender) {
    // A failure here (a scope an OAuth token lacks, a blip) only skips this check: the room is fine.
    const members = await guardTransport(async () => {
      const res = await get(`/rooms/${roomId}/members`);
      const list = res.status === 200 ? parseArray(res.text) : undefined;
      if (list && !list.some((m) => String((m as { account_id?: unknown }).account_id) === toAccountId)) {
        return refuse('toAccountId', 'to_not_member', 'not_found') as Failure;
      }
      return { ok: true };
    });
    if (!members.ok && !members.retryable) return members;
  }

  const warnings: Warning[] = [];
  if (toAccountId && toAccountId === sender) {
    warnings.push({
      code: 'self_mention_no_badge',
      message: pick(
        {
          ja: 'API Tokenの持ち主とToのアカウントが同じ(ご自身)です。Chatworkの仕様上、自分宛てのメッセージには通知バッジが表示されません。Tayoriは未読として届くように送信しますが、見落としを防ぐには、通知専用のChatworkアカウントを作成してそのAPI Tokenを設定し、Toにはご自身のアカウントIDを指定することをおすすめします。',
          en: 'The API token belongs to the To account (you). Chatwork shows no notification badge for messages you send to yourself. Tayori posts them as unread, but to be sure you notice them, create a dedicated notification account, use its API token, and set To to your own account ID.',
        },
        ctx.locale,
      ),
    });
  }
  const config: ChatworkConfig = { ...target.config };
  delete config.senderAccountId;
  delete config.senderName;
  if (sender) {
    config.senderAccountId = sender;
    if (typeof me.name === 'string') config.senderName = me.name.slice(0, 200);
  }
  return { ok: true, warnings, config };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function parseArray(text: string): unknown[] | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
