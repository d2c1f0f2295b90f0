/**
 * How the emulator reads Chatwork message notation (reference/chatwork.md §4). It is deliberately
 * stricter than the real parser: any `[` directly followed by an ASCII letter or `/` and closed by
 * `]` counts as a live tag, so a sender that passes here cannot be relying on a tag Chatwork happens
 * not to know. A `[` followed by U+200B (or anything that is not a letter or `/`) is inert.
 */
export interface ChatworkMentions {
  /** Account ids mentioned with `[To:id]` or `[rp aid=id …]`, outside quotes, in order, once each. */
  to: number[];
  /** `[toall]` outside quotes. */
  toall: boolean;
  /** Replies `[rp aid=… to=room-message]` outside quotes. */
  replies: { accountId: number; roomId: number; messageId: string }[];
}

const LIVE_TAG = /\[(\/?[A-Za-z][^[\]\n]*)\]/g;
const TO = /^To:(\d+)$/;
const RP = /^rp aid=(\d+) to=(\d+)-(\d+)$/;

/** Every live tag in order, as written (`To:123`, `info`, `/info`…). */
export function liveTags(body: string): string[] {
  return [...body.matchAll(LIVE_TAG)].map((m) => m[1]!);
}

/**
 * The mentions Chatwork would notify. Since 2020-11-09 To, To ALL and RE inside `[qt]…[/qt]` notify
 * nobody [BLOG20], so everything between live quote tags is skipped (quotes may nest).
 */
export function findMentions(body: string): ChatworkMentions {
  const to: number[] = [];
  const replies: ChatworkMentions['replies'] = [];
  let toall = false;
  let quoteDepth = 0;
  for (const tag of liveTags(body)) {
    const lower = tag.toLowerCase();
    if (lower === 'qt') quoteDepth++;
    else if (lower === '/qt') quoteDepth = Math.max(0, quoteDepth - 1);
    if (quoteDepth > 0) continue;
    if (lower === 'toall') toall = true;
    const mTo = TO.exec(tag);
    if (mTo) to.push(Number(mTo[1]));
    const mRp = RP.exec(tag);
    if (mRp) {
      replies.push({ accountId: Number(mRp[1]), roomId: Number(mRp[2]), messageId: mRp[3]! });
      to.push(Number(mRp[1]));
    }
  }
  return { to: [...new Set(to)], toall, replies };
}

/**
 * The info boxes of a message as Chatwork would draw them: `[info]` optionally starting with
 * `[title]…[/title]`, closed by `[/info]`. `ok` is false when tags are unbalanced, so a test can
 * prove user text never closed a box early or opened a new one.
 */
export function infoBoxes(body: string): { ok: boolean; boxes: { title: string | undefined; text: string }[] } {
  const boxes: { title: string | undefined; text: string }[] = [];
  const re = new RegExp(LIVE_TAG.source, 'g');
  let open: { start: number; title?: string; titleStart?: number; afterTitle?: number } | undefined;
  let ok = true;
  for (const m of body.matchAll(re)) {
    const tag = m[1]!.toLowerCase();
    const end = m.index + m[0].length;
    if (tag === 'info') {
      if (open) ok = false;
      open = { start: end };
    } else if (tag === 'title') {
      if (!open || open.titleStart !== undefined || body.slice(open.start, m.index).trim() !== '') ok = false;
      else open.titleStart = end;
    } else if (tag === '/title') {
      if (!open || open.titleStart === undefined || open.title !== undefined) ok = false;
      else {
        open.title = body.slice(open.titleStart, m.index);
        open.afterTitle = end;
      }
    } else if (tag === '/info') {
      if (!open || (open.titleStart !== undefined && open.title === undefined)) ok = false;
      else boxes.push({ title: open.title, text: body.slice(open.afterTitle ?? open.start, m.index) });
      open = undefined;
    }
  }
  if (open) ok = false;
  return { ok, boxes };
}

/** The text a reader sees, roughly: defusing zero-width spaces removed, for the emulator's page. */
export function readable(body: string): string {
  return body.replace(/\u200B/g, '');
}
