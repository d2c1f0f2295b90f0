/**
 * Slack treats only `&`, `<` and `>` as control characters in message text; escaping those three
 * makes `<!channel>`, `<@U…>` and links impossible to inject (reference/slack.md §2).
 * `&` goes first so the entities we add are not escaped again.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A URL inside `<url|label>`: Slack ends the URL at the first `|` or `>`, so those (and spaces,
 * `<`) are percent-encoded; `&` is entity-escaped like any text.
 */
export function escapeSlackUrl(url: string): string {
  return url
    .replace(/[|<> ]/g, (c) => encodeURIComponent(c))
    .replace(/&/g, '&amp;');
}

/** Member ids we put in `<@…>` ourselves: validated so they cannot carry `>` or `|`. */
export const MEMBER_ID_PATTERN = /^[UW][A-Z0-9]{2,20}$/;
