/**
 * Chatwork parses message notation (`[To:1]`, `[toall]`, `[rp …]`, `[/info]`, `[qt]`…) in every
 * message body, whoever wrote the text, and has no escape syntax (reference/chatwork.md §4). Every
 * tag begins with `[` followed directly by a letter or `/`, so putting a zero-width space (U+200B)
 * right after every `[` of untrusted text stops every tag, known or future, from parsing.
 *
 * Why U+200B rather than fullwidth `［］` (both are suggested in §4): it is invisible, so what the
 * reader sees is exactly what was typed — `[重要]`, `[WIP]`, `arr[0]` and English text keep their
 * ASCII brackets instead of turning into `［重要］` — and it costs one character per `[`. The cost:
 * someone copying the text back out copies the invisible space too, which only keeps it inert.
 * How the real client renders it is untested (§4); the emulator treats `[` + U+200B as inert.
 */
export function neutralizeChatwork(text: string): string {
  return text.replace(/\[/g, '[\u200B');
}

/** Text for one line (the title, names): line breaks would split our layout, so they become spaces. */
export function neutralizeLine(text: string): string {
  return neutralizeChatwork(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
}

/**
 * A link on its own line, auto-linked by Chatwork. Brackets and whitespace are percent-encoded: the
 * link still opens the same page, and nothing in it can start a tag or end the line early.
 */
export function chatworkLink(url: string): string {
  return url.replace(/[[\]\s]/g, (c) => encodeURIComponent(c));
}

/** Ids we write into `[To:…]` ourselves: digits only, so they cannot close the tag. */
export const ACCOUNT_ID_PATTERN = /^[1-9]\d{0,18}$/;
export const ROOM_ID_PATTERN = /^[1-9]\d{0,18}$/;
