import type { Message } from '../../domain/message.js';
import { formatTime, pick, shorten, shortenEscaped } from '../../i18n/text.js';
import { OPEN_LABEL } from '../labels.js';
import { chatworkLink, neutralizeChatwork, neutralizeLine } from './escape.js';

/** `body` of `POST /rooms/{id}/messages`: at most 65,535 characters (reference/chatwork.md §1). */
export const CHATWORK_MAX_BODY = 65_535;
const TITLE_MAX = 500;
const NAME_MAX = 200;
/** A link longer than this is left out rather than cut (a cut link opens the wrong page). */
const LINK_MAX = 4096;

export interface ChatworkMention {
  accountId: string;
}

/**
 * The message as Chatwork's convention writes it: `[To:id]` and the recipient's name first, then an
 * info box titled with the event's title, its body, a line with the kind, actor and time, and the link:
 *
 *     [To:1000001]山田 太郎さん
 *     [info][title]工程「基礎工事」に投稿がありました[/title]明日の打ち合わせは10時からです。
 *     [hr]自分宛ての投稿 · 佐藤 · 2026/11/21 10:00
 *     開く: https://app.example.com/posts/1[/info]
 *
 * Only this template writes notation; every string from the host application (and the org's kind
 * label) is neutralised first. An over-long body is shortened so the whole fits in 65,535 characters.
 */
export function buildChatworkBody(message: Message, mention: ChatworkMention | undefined): string {
  const locale = message.locale;
  let head = '';
  if (mention) {
    const name = message.recipientName.trim() === '' ? '' : neutralizeLine(shorten(message.recipientName, NAME_MAX));
    head = `[To:${mention.accountId}]${name && locale === 'ja' ? `${name}さん` : name}\n`;
  }
  const title = neutralizeLine(shorten(message.title, TITLE_MAX));
  const meta = [message.kindLabel, message.actorName]
    .filter((s): s is string => typeof s === 'string' && s.trim() !== '')
    .map((s) => neutralizeLine(shorten(s, NAME_MAX)));
  meta.push(formatTime(message.occurredAt, locale, message.timeZone));
  const link = message.url && message.url.length <= LINK_MAX ? `\n${pick(OPEN_LABEL, locale)}: ${chatworkLink(message.url)}` : '';
  const tail = `${meta.join(' · ')}${link}[/info]`;
  const open = `${head}[info][title]${title}[/title]`;
  if (!message.body || message.body.trim() === '') return open + tail;
  const room = CHATWORK_MAX_BODY - open.length - tail.length - '\n[hr]'.length;
  const body = shortenEscaped(message.body.trim(), room, neutralizeChatwork);
  return `${open}${body}\n[hr]${tail}`;
}
