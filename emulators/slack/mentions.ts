/**
 * What Slack would turn into live mentions in a message: `<@U…>` users, `<!channel>`, `<!here>`,
 * `<!everyone>` and `<!subteam^…>` groups, in `text` and in every mrkdwn text object of the blocks.
 * Escaped text (`&lt;@U1&gt;`) is inert, exactly as in Slack.
 */
export interface SlackMentions {
  users: string[];
  special: string[];
}

const USER = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;
const SPECIAL = /<!(channel|here|everyone|subteam\^[A-Z0-9]+)(?:\|[^>]*)?>/g;

export function mrkdwnTexts(payload: { text?: unknown; blocks?: unknown }): string[] {
  const texts: string[] = [];
  if (typeof payload.text === 'string') texts.push(payload.text);
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o['type'] === 'mrkdwn' && typeof o['text'] === 'string') texts.push(o['text']);
      for (const [k, v] of Object.entries(o)) if (k !== 'text' || typeof v === 'object') walk(v);
    }
  };
  walk(payload.blocks);
  return texts;
}

export function findMentions(payload: { text?: unknown; blocks?: unknown }): SlackMentions {
  const users = new Set<string>();
  const special = new Set<string>();
  for (const t of mrkdwnTexts(payload)) {
    for (const m of t.matchAll(USER)) users.add(m[1]!);
    for (const m of t.matchAll(SPECIAL)) special.add(m[1]!);
  }
  return { users: [...users], special: [...special] };
}

/** Slack's rendering of escaped text, for the emulator's page. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
