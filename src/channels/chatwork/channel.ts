import type { Channel } from '../channel.js';
import { guardTransport } from '../http.js';
import type { Clock } from '../../clock.js';
import { systemClock } from '../../clock.js';
import { classifyChatwork } from './classify.js';
import { createChatworkClient } from './client.js';
import { chatworkConnection, type ChatworkConfig, type ChatworkSecrets } from './connection.js';
import { ACCOUNT_ID_PATTERN, ROOM_ID_PATTERN } from './escape.js';
import { explainChatwork } from './explain.js';
import { buildChatworkBody } from './payload.js';
import { verifyChatwork } from './verify.js';

export interface ChatworkChannelOptions {
  /** TAYORI_CHATWORK_API_URL: the only place this channel ever sends a request. */
  apiUrl: string;
  clock?: Clock;
  /** Deadline of each request, whatever the caller's signal says (default DEFAULT_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * Chatwork personal connection: posts an info box to the user's room with the user's API token,
 * mentioning their account. Rate limits are declared by the connection (`limits()`) and kept by the
 * delivery engine; this channel only reports a 429 with how long to wait.
 */
export function createChatworkChannel(options: ChatworkChannelOptions): Channel<ChatworkConfig, ChatworkSecrets> {
  const clock = options.clock ?? systemClock;
  const client = createChatworkClient(options.apiUrl, options.timeoutMs);
  return {
    service: 'chatwork',
    connection: chatworkConnection,
    async send(message, target, signal) {
      const { roomId, toAccountId, senderAccountId } = target.config;
      // Checked again at send time: these go into the URL and the [To:…] tag.
      if (!ROOM_ID_PATTERN.test(roomId) || (toAccountId !== undefined && !ACCOUNT_ID_PATTERN.test(toAccountId))) {
        return { ok: false, retryable: false, reason: 'bad_request', code: 'invalid_settings', detail: 'stored room id or account id is not digits' };
      }
      const body = buildChatworkBody(message, toAccountId ? { accountId: toAccountId } : undefined);
      // Chatwork gives no badge for a message you send to yourself (reference/chatwork.md §5):
      // when the poster is the reader (To is the token's owner, or nobody is mentioned and the
      // reader is most likely the token's owner), keep the message unread for the poster at least.
      const selfUnread = !toAccountId || toAccountId === senderAccountId;
      return guardTransport(async () => {
        const res = await client.post(`/rooms/${roomId}/messages`, { kind: 'token', token: target.secrets.apiToken }, { body, self_unread: selfUnread ? '1' : '0' }, signal);
        return classifyChatwork(res, 'post', clock.now(), [target.secrets.apiToken]);
      });
    },
    verify(target, ctx, signal) {
      return verifyChatwork(client, target, ctx, signal, () => clock.now());
    },
    explain: explainChatwork,
  };
}
