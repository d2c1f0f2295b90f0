import type { Message } from '../../domain/message.js';
import { formatTime, pick, shorten } from '../../i18n/text.js';
import { OPEN_LABEL } from '../labels.js';
import { blockText, inlineText } from './escape.js';
import type { TeamsMention } from './mention.js';

/**
 * The message a Workflows webhook receives (PRODUCT §4, reference/teams.md §1.2, §3): the Bot
 * Framework envelope the template flows iterate over, holding one Adaptive Card 1.4 (Teams renders up
 * to 1.5). Every host-application string goes through `inlineText`/`blockText` before it meets our
 * own markup, so the only `<at>` in the card is the one we put there, with its entity.
 */
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
export const CARD_VERSION = '1.4';
/**
 * Teams refuses messages over about 28 KB inside the flow, after the sender already got its 202
 * (reference/teams.md §1.2). We stay 1 KiB below, measured in UTF-8 bytes of what we send, for the
 * flow's own wrapping of the card.
 */
export const MAX_PAYLOAD_BYTES = 27 * 1024;
const TITLE_MAX = 500;
const ACTOR_MAX = 200;
const URL_MAX = 2048;
const ELLIPSIS = '…';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  [style: string]: unknown;
}

export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

export interface AdaptiveCard {
  $schema: string;
  type: 'AdaptiveCard';
  version: string;
  body: TextBlock[];
  actions?: { type: 'Action.OpenUrl'; title: string; url: string }[];
  msteams: { width: 'Full'; entities?: MentionEntity[] };
}

export interface WorkflowsPayload {
  type: 'message';
  attachments: { contentType: typeof ADAPTIVE_CARD; contentUrl: null; content: AdaptiveCard }[];
}

/** The bytes a payload costs on the wire: what Teams counts against its limit. */
export function payloadBytes(payload: unknown): number {
  return Buffer.byteLength(JSON.stringify(payload), 'utf8');
}

export function buildTeamsPayload(message: Message, mention: TeamsMention | undefined): WorkflowsPayload {
  const title = inlineText(shorten(message.title, TITLE_MAX)) || ELLIPSIS;
  const kind = inlineText(message.kindLabel);
  const time = formatTime(message.occurredAt, message.locale, message.timeZone);
  const actor = message.actorName ? inlineText(shorten(message.actorName, ACTOR_MAX)) : '';
  const meta = actor ? `${actor}  ·  ${time}` : time;

  const entities: MentionEntity[] = [];
  let heading = kind;
  const who = mention ? mentionName(mention, message.recipientName) : undefined;
  if (mention && who) {
    // The entity's text must equal the tag in the card exactly, or Teams shows no mention.
    const tag = `<at>${who}</at>`;
    entities.push({ type: 'mention', text: tag, mentioned: { id: mention.id, name: who } });
    heading = `${tag}  ·  ${kind}`;
  }

  const body: TextBlock[] = [
    { type: 'TextBlock', text: heading, wrap: true, size: 'Small', isSubtle: true },
    // `wrap: true` on every block: Japanese has no spaces, and without it Teams cuts the line off.
    { type: 'TextBlock', text: title, wrap: true, size: 'Large', weight: 'Bolder', spacing: 'Small' },
    { type: 'TextBlock', text: meta, wrap: true, size: 'Small', isSubtle: true, spacing: 'None' },
  ];
  const card: AdaptiveCard = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: CARD_VERSION,
    body,
    // Full width: long Japanese lines read better than in Teams' narrow default card.
    msteams: entities.length > 0 ? { width: 'Full', entities } : { width: 'Full' },
  };
  // The API takes links up to 2048 characters; anything longer (a test, a bug) goes without a button.
  if (message.url && message.url.length <= URL_MAX) card.actions = [{ type: 'Action.OpenUrl', title: pick(OPEN_LABEL, message.locale), url: message.url }];
  const payload: WorkflowsPayload = {
    type: 'message',
    attachments: [{ contentType: ADAPTIVE_CARD, contentUrl: null, content: card }],
  };

  const text = message.body ? blockText(message.body) : '';
  if (text) {
    const block: TextBlock = { type: 'TextBlock', text: '', wrap: true, spacing: 'Medium' };
    body.push(block);
    // Everything else is bounded by the API's limits (about 6 KB at worst), so the body gets the rest.
    block.text = fitToBytes(text, MAX_PAYLOAD_BYTES - payloadBytes(payload));
  }
  return payload;
}

/**
 * The name between `<at>` and `</at>`: the one the user entered (validated when saved), else their
 * name in Tayori, made inert like any other host-application text.
 */
function mentionName(mention: TeamsMention, recipientName: string): string {
  return inlineText(shorten(mention.name ?? recipientName, 100)) || mention.id;
}

/**
 * Cuts `text` so its JSON string costs at most `budget` bytes, ending with "…". JSON escaping is per
 * character, so the cost of each code point adds up exactly. The cut never falls inside a grapheme
 * (an emoji sequence, a letter with its marks): it backs up to where that grapheme starts. Only the
 * cut point is segmented: segmenting a whole 20,000-character body took 25 ms, this takes 2.
 */
export function fitToBytes(text: string, budget: number): string {
  const cost = (s: string) => Buffer.byteLength(JSON.stringify(s), 'utf8') - 2;
  if (cost(text) <= budget) return text;
  const room = budget - cost(ELLIPSIS);
  if (room <= 0) return '';
  let used = 0;
  let end = 0;
  for (const ch of text) {
    used += cost(ch);
    if (used > room) break;
    end += ch.length;
  }
  const grapheme = new Intl.Segmenter('ja', { granularity: 'grapheme' }).segment(text).containing(end);
  return text.slice(0, Math.min(end, grapheme?.index ?? end)).trimEnd() + ELLIPSIS;
}
