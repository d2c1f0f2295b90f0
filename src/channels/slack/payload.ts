import type { Message } from '../../domain/message.js';
import { formatTime, pick, shorten, shortenEscaped } from '../../i18n/text.js';
import { escapeSlackText, escapeSlackUrl } from './escape.js';
import { OPEN_LABEL } from '../labels.js';

/** Block Kit limits (reference/slack.md §2): a text object holds at most 3000 characters. */
const SECTION_MAX = 3000;
const TITLE_MAX = 500;

export interface SlackPayload {
  text: string;
  blocks: Record<string, unknown>[];
  unfurl_links: false;
  unfurl_media: false;
}

/**
 * The message a Slack webhook receives. Every string from the host application is escaped before
 * it meets our own markup (the member mention and the link); `link_names` is never set.
 */
export function buildSlackPayload(message: Message, memberId: string | undefined): SlackPayload {
  const mention = memberId ? `<@${memberId}> ` : '';
  const title = shortenEscaped(message.title, TITLE_MAX, escapeSlackText);
  const kind = escapeSlackText(message.kindLabel);
  const linked = message.url ? `${mention}*<${escapeSlackUrl(message.url)}|${title}>*` : undefined;
  // A very long URL would push the heading past Slack's limit; the button below still links it.
  const heading = linked && linked.length <= SECTION_MAX ? linked : `${mention}*${title}*`;

  const blocks: Record<string, unknown>[] = [{ type: 'section', text: { type: 'mrkdwn', text: heading } }];
  if (message.body) {
    const body = shortenEscaped(message.body, SECTION_MAX, escapeSlackText);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: body } });
  }
  const context = [kind];
  if (message.actorName) context.push(escapeSlackText(shorten(message.actorName, 200)));
  context.push(escapeSlackText(formatTime(message.occurredAt, message.locale, message.timeZone)));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context.join('  ·  ') }] });
  if (message.url && message.url.length <= 3000) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: pick(OPEN_LABEL, message.locale) }, url: message.url }],
    });
  }
  // `text` is the notification and screen-reader fallback; it starts with the mention (PRODUCT §4).
  const text = `${mention}[${kind}] ${title}`;
  return { text, blocks, unfurl_links: false, unfurl_media: false };
}
