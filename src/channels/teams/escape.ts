/**
 * Host-application text made inert for an Adaptive Card TextBlock in Teams (PRODUCT §4).
 *
 * Teams turns `<at>…</at>` in TextBlock text into a mention, some renderers treat text holding `<`, `>`
 * or `&` as HTML (AdaptiveCards#5428), and TextBlock markdown makes links (`[x](url)`) and emphasis
 * (`*`, `**`). Backslash escapes are no help: Android and iOS show the backslash (msteams-docs#5793).
 * So the few characters that start markup are replaced by their full-width forms, which every
 * Japanese font has and which read naturally in Japanese text (`＜`, `［`, `＊`): `<at>` and `[x](url)`
 * can then never form, and the text still reads as typed. `_` is kept: it is common in URLs that Teams
 * links by itself, and an `_italic_` word is harmless. `&` changes only where it would start an HTML
 * entity (`&lt;`), so "A & B" stays as it is.
 */
const LOOKALIKE: Record<string, string> = { '<': '＜', '>': '＞', '[': '［', ']': '］', '*': '＊' };

/** Invisible characters that would hide or reorder text: C0/C1 controls and bidi overrides. */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g; // eslint-disable-line no-control-regex
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ENTITY_START = /&(?=#?[a-z0-9]+;)/gi;

function neutralise(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(CONTROLS, '')
    .replace(ENTITY_START, '＆')
    .replace(/[<>[\]*]/g, (c) => LOOKALIKE[c]!);
}

/** A single-line field (title, actor, kind, mention name): every run of whitespace becomes one space. */
export function inlineText(text: string): string {
  return neutralise(text.replace(/\s+/g, ' ')).trim();
}

/**
 * A multi-line field (the body): line breaks are kept so the post reads as written, but at most one
 * empty line in a row, so a body cannot push the rest of the card out of view.
 */
export function blockText(text: string): string {
  return neutralise(text.replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(/\t/g, ' '))
    .replace(/[ \u3000]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Characters a mention name we put between `<at>` and `</at>` may not hold. */
export const MENTION_NAME_FORBIDDEN = /[<>\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/; // eslint-disable-line no-control-regex
