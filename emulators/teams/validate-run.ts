/**
 * What the flow behind a Workflows webhook does with a request it already answered 202 to
 * (reference/teams.md §1.2, §3): the template iterates `body.attachments` and posts each Adaptive
 * Card; the run fails when there is nothing to iterate, a card Teams cannot render, a message over
 * 28 KB, or a mention whose `<at>` tag and `msteams.entities` entry do not match exactly.
 * The real service reports none of this to the sender; the emulator records it so tests can.
 */
export const MAX_MESSAGE_BYTES = 28 * 1024;
export const MAX_CARD_VERSION = '1.5';
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export interface CardMention {
  text: string;
  id: string;
  name: string;
}

export interface RunCheck {
  /** Why the run failed, in the flow's words where they are known; undefined when it succeeded. */
  problem: string | undefined;
  /** Every text Teams would render (TextBlocks, TextRuns, facts), in card order. */
  texts: string[];
  /** The mentions Teams would turn into notifications. */
  mentions: CardMention[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

class RunFailure extends Error {}
function fail(message: string): never {
  throw new RunFailure(message);
}

export function checkRun(body: Buffer): RunCheck {
  const texts: string[] = [];
  const mentions: CardMention[] = [];
  try {
    if (body.length > MAX_MESSAGE_BYTES) fail(`RequestEntityTooLarge: the message is ${body.length} bytes; Teams accepts about ${MAX_MESSAGE_BYTES}`);
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      fail('InvalidTemplate: the trigger body is not JSON');
    }
    const attachments = isObject(payload) ? payload['attachments'] : undefined;
    if (!Array.isArray(attachments)) {
      const type = attachments === undefined || attachments === null ? 'Null' : typeof attachments === 'object' ? 'Object' : 'String';
      fail(`'Send_each_adaptive_card' failed: the result of the evaluation of 'foreach' expression '@triggerOutputs()?['body']?['attachments']' is of type '${type}'. The result must be a valid array.`);
    }
    if (attachments.length === 0) fail('no attachments: nothing to post');
    attachments.forEach((a, i) => checkAttachment(a, `attachments[${i}]`, texts, mentions));
    return { problem: undefined, texts, mentions };
  } catch (err) {
    if (err instanceof RunFailure) return { problem: err.message, texts, mentions };
    throw err;
  }
}

function checkAttachment(a: unknown, at: string, texts: string[], mentions: CardMention[]): void {
  if (!isObject(a)) fail(`${at} is not an object`);
  if (a['contentType'] !== ADAPTIVE_CARD) fail(`${at}.contentType must be ${ADAPTIVE_CARD}, got ${JSON.stringify(a['contentType'])}`);
  const c = a['content'];
  if (!isObject(c)) fail(`${at}.content must be the card object`);
  if (c['type'] !== 'AdaptiveCard') fail(`${at}.content.type must be AdaptiveCard`);
  const version = c['version'];
  if (typeof version !== 'string' || !/^1\.\d$/.test(version)) fail(`${at}.content.version missing or not a 1.x version`);
  if (version > MAX_CARD_VERSION) fail(`${at}: Teams renders Adaptive Cards up to ${MAX_CARD_VERSION}, got ${String(version)}`);
  if (c['body'] === undefined && c['actions'] === undefined) fail(`${at}.content has neither body nor actions`);
  const first = texts.length;
  if (c['body'] !== undefined) checkElements(c['body'], `${at}.content.body`, texts);
  if (c['actions'] !== undefined) checkActions(c['actions'], `${at}.content.actions`, texts);
  mentions.push(...checkMentions(c['msteams'], texts.slice(first), `${at}.content`));
}

function checkElements(value: unknown, at: string, texts: string[]): void {
  if (!Array.isArray(value)) fail(`${at} must be an array`);
  value.forEach((el, i) => checkElement(el, `${at}[${i}]`, texts));
}

function checkElement(el: unknown, at: string, texts: string[]): void {
  if (!isObject(el)) fail(`${at} is not an element object`);
  const e = el;
  switch (e['type']) {
    case 'TextBlock': {
      const text = e['text'];
      if (typeof text !== 'string') fail(`${at}.text must be a string`);
      texts.push(text);
      return;
    }
    case 'RichTextBlock': {
      const inlines = e['inlines'];
      if (!Array.isArray(inlines)) fail(`${at}.inlines must be an array`);
      for (const [i, inline] of inlines.entries()) {
        if (typeof inline === 'string') texts.push(inline);
        else if (isObject(inline) && inline['type'] === 'TextRun' && typeof inline['text'] === 'string') texts.push(inline['text']);
        else fail(`${at}.inlines[${i}] must be a TextRun`);
      }
      return;
    }
    case 'FactSet': {
      const facts = e['facts'];
      if (!Array.isArray(facts)) fail(`${at}.facts must be an array`);
      for (const [i, f] of facts.entries()) {
        if (!isObject(f) || typeof f['title'] !== 'string' || typeof f['value'] !== 'string') return fail(`${at}.facts[${i}] needs title and value`);
        texts.push(f['title'], f['value']);
      }
      return;
    }
    case 'Container':
      return checkElements(e['items'], `${at}.items`, texts);
    case 'ColumnSet': {
      const columns = e['columns'] ?? [];
      if (!Array.isArray(columns)) fail(`${at}.columns must be an array`);
      columns.forEach((col, i) => {
        if (!isObject(col) || (col['type'] !== undefined && col['type'] !== 'Column')) return fail(`${at}.columns[${i}] must be a Column`);
        if (col['items'] !== undefined) checkElements(col['items'], `${at}.columns[${i}].items`, texts);
      });
      return;
    }
    case 'Image':
      if (!isHttpUrl(e['url'])) fail(`${at}.url must be an http(s) URL`);
      return;
    case 'ActionSet':
      return checkActions(e['actions'], `${at}.actions`, texts);
    default:
      fail(`${at}: unknown element type ${JSON.stringify(e['type'])} ("We're sorry, this card couldn't be displayed")`);
  }
}

function checkActions(value: unknown, at: string, texts: string[]): void {
  if (!Array.isArray(value)) fail(`${at} must be an array`);
  value.forEach((a, i) => {
    if (!isObject(a)) fail(`${at}[${i}] is not an action object`);
    const where = `${at}[${i}]`;
    switch (a['type']) {
      case 'Action.OpenUrl':
        if (typeof a['title'] !== 'string' || a['title'] === '') fail(`${where}.title must be a non-empty string`);
        if (!isHttpUrl(a['url'])) fail(`${where}.url must be an absolute http(s) URL`);
        return;
      case 'Action.ShowCard': {
        const card = a['card'];
        if (!isObject(card)) fail(`${where}.card must be a card`);
        if (card['body'] !== undefined) checkElements(card['body'], `${where}.card.body`, texts);
        return;
      }
      case 'Action.ToggleVisibility':
        return;
      case 'Action.Submit':
      case 'Action.Execute':
        return fail(`${where}: ${String(a['type'])} needs a bot to receive it; a webhook card has none`);
      default:
        return fail(`${where}: unknown action type ${JSON.stringify(a['type'])}`);
    }
  });
}

function isHttpUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

const AT_TAG = /<at>([^<]*)<\/at>/g;
const STRAY_AT = /<\s*\/?\s*at\b[^>]*>?/i;
const MENTION_ID = /^(?:[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|29:\S+|8:orgid:\S+)$/i;

/** Every `<at>X</at>` needs an entity whose `text` is exactly it, and every entity needs its tag. */
function checkMentions(msteams: unknown, texts: string[], at: string): CardMention[] {
  const raw = isObject(msteams) ? msteams['entities'] : undefined;
  if (raw !== undefined && !Array.isArray(raw)) fail(`${at}.msteams.entities must be an array`);
  const entities: CardMention[] = [];
  for (const [i, ent] of (Array.isArray(raw) ? raw : []).entries()) {
    if (!isObject(ent) || ent['type'] !== 'mention') continue;
    const m = ent['mentioned'];
    if (typeof ent['text'] !== 'string' || !isObject(m) || typeof m['id'] !== 'string' || typeof m['name'] !== 'string' || m['name'] === '') {
      return fail(`${at}.msteams.entities[${i}] needs text and mentioned {id, name}`);
    }
    const e = { text: ent['text'], id: m['id'], name: m['name'] };
    if (!MENTION_ID.test(e.id)) fail(`${at}.msteams.entities[${i}].mentioned.id is not a UPN, an Entra object id or a Teams user id`);
    entities.push(e);
  }
  const found: string[] = [];
  for (const text of texts) {
    for (const tag of text.matchAll(AT_TAG)) {
      if (!entities.some((e) => e.text === tag[0])) fail(`${tag[0]} in the card has no msteams.entities mention with exactly that text`);
      found.push(tag[0]);
    }
    if (STRAY_AT.test(text.replace(AT_TAG, ''))) fail(`malformed <at> tag in ${JSON.stringify(text.slice(0, 80))}`);
  }
  for (const e of entities) {
    if (!found.includes(e.text)) fail(`mention entity ${JSON.stringify(e.text)} has no matching <at> tag in the card`);
  }
  return entities;
}
