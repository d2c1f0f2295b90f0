import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ConnectionSpec, FieldProblem, RateLimit, Warning } from '../channel.js';
import { pick, type Text } from '../../i18n/text.js';
import { sameToken } from '../../security/tokens.js';
import { maskSecret } from '../webhook-url.js';
import { chatworkForm } from './form.js';
import { readAccountId, readRoomId } from './ids.js';

/**
 * The personal Chatwork connection of seed 000: an API token, the room notifications go to, and
 * optionally the account to mention. `sender*` is who the token belongs to, learnt from `GET /me`
 * when saving: it is not secret, shows the user who will be posting, and tells the sender whether the
 * To account is the poster (then `self_unread=1`, see channel.ts).
 */
export interface ChatworkConfig {
  roomId: string;
  toAccountId?: string;
  senderAccountId?: string;
  senderName?: string;
}
export interface ChatworkSecrets {
  apiToken: string;
}

const id = z.union([z.string().max(200), z.number().int().nonnegative()]);
const input = z.object({
  apiToken: z.string().max(512).optional().describe('Chatwork API token (secret; left out on update, the stored one is kept)'),
  roomId: id.optional().describe('The room notifications are posted to: the digits after #!rid in the browser address bar'),
  toAccountId: id
    .nullable()
    .optional()
    .describe('Account id to mention with [To:…] (digits, from Settings → About Chatwork). null removes it.'),
});

/** What an API token looks like: printable ASCII without spaces (they are 32 hex characters today). */
const TOKEN_PATTERN = /^[\x21-\x7e]{16,512}$/;

/** 32 hex characters of the token's SHA-256: a key for limits that never reveals the token. */
export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 32);
}

/** reference/chatwork.md §2: 300 requests / 5 min per token, every API call counted (not only posts). */
export function tokenLimit(token: string): RateLimit {
  return { key: `chatwork:token:${tokenKey(token)}`, limit: 300, windowMs: 300_000 };
}

export const chatworkConnection: ConnectionSpec<ChatworkConfig, ChatworkSecrets> = {
  inputSchema: input,
  secretFields: ['apiToken'],
  normalize(raw, stored, ctx) {
    const parsed = input.parse(raw);
    const problems: FieldProblem[] = [];
    const warnings: Warning[] = [];
    const problem = (field: string, text: Text) => problems.push({ field, message: pick(text, ctx.locale) });

    let apiToken = stored?.secrets.apiToken;
    if (parsed.apiToken !== undefined && parsed.apiToken.trim() !== '') {
      const token = parsed.apiToken.trim();
      if (TOKEN_PATTERN.test(token)) apiToken = token;
      else {
        problem('apiToken', {
          ja: 'API Tokenの形式が正しくありません。Chatworkの「サービス連携」→「API Token」に表示された英数字を、空白を含めずにそのまま貼り付けてください。',
          en: 'This is not an API token. Paste the letters and digits shown under "API Token" in Chatwork\'s "Integrations" page, without spaces.',
        });
      }
    } else if (!apiToken) {
      problem('apiToken', { ja: 'API Tokenを入力してください。', en: 'Enter the API token.' });
    }

    let roomId = stored?.config.roomId;
    if (parsed.roomId !== undefined && String(parsed.roomId).trim() !== '') {
      const read = readRoomId(parsed.roomId);
      if (!read.ok) problem('roomId', read.message);
      else {
        roomId = read.id;
        if (read.note) warnings.push({ code: 'room_id_extracted', message: pick(read.note, ctx.locale) });
      }
    } else if (!roomId) {
      problem('roomId', { ja: 'room idを入力してください。', en: 'Enter the room id.' });
    }

    let toAccountId = parsed.toAccountId === undefined ? stored?.config.toAccountId : undefined;
    if (parsed.toAccountId !== undefined && parsed.toAccountId !== null && String(parsed.toAccountId).trim() !== '') {
      const read = readAccountId(parsed.toAccountId);
      if (!read.ok) problem('toAccountId', read.message);
      else {
        toAccountId = read.id;
        if (read.note) warnings.push({ code: 'account_id_extracted', message: pick(read.note, ctx.locale) });
      }
    }
    if (problems.length > 0 || !apiToken || !roomId) return { ok: false, problems };

    if (!toAccountId) {
      warnings.push({
        code: 'no_to_account',
        message: pick(
          {
            ja: 'アカウントIDが未設定のため、通知はTo(メンション)なしで投稿されます。見落としを防ぐには、ご自身のアカウントIDを設定してください。',
            en: 'No account ID is set, so notifications are posted without a To mention. Set your account ID so you do not miss them.',
          },
          ctx.locale,
        ),
      });
    }
    const config: ChatworkConfig = { roomId, ...(toAccountId ? { toAccountId } : {}) };
    // Who the token belongs to is known only for the token it was learnt with.
    if (stored && sameToken(stored.secrets.apiToken, apiToken) && stored.config.senderAccountId) {
      config.senderAccountId = stored.config.senderAccountId;
      if (stored.config.senderName !== undefined) config.senderName = stored.config.senderName;
    }
    return { ok: true, config, secrets: { apiToken }, warnings };
  },
  mask(config, secrets) {
    return {
      apiToken: maskSecret(secrets.apiToken),
      roomId: config.roomId,
      toAccountId: config.toAccountId ?? null,
      postsAs: config.senderAccountId ? { accountId: config.senderAccountId, name: config.senderName ?? null } : null,
    };
  },
  destination(config) {
    // Chatwork's per-room limit counts every post to the room, whoever's token sends it, so the key
    // is the room alone (room ids are global in Chatwork).
    return `chatwork:room:${config.roomId}`;
  },
  limits(config, secrets) {
    // reference/chatwork.md §2: 300 requests / 5 min per token, and 10 posts / 10 s per room.
    return [
      tokenLimit(secrets.apiToken),
      { key: chatworkConnection.destination(config, secrets), limit: 10, windowMs: 10_000 },
    ];
  },
  form: chatworkForm,
};
