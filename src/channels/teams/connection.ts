import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ConnectionSpec, FieldProblem, RateLimit } from '../channel.js';
import { pick, type Text } from '../../i18n/text.js';
import { maskUrl } from '../webhook-url.js';
import { teamsForm } from './form.js';
import { normalizeMentionId, normalizeMentionName, type TeamsMention } from './mention.js';
import { checkTeamsWebhookUrl } from './workflow-url.js';

export interface TeamsConfig {
  mention?: TeamsMention;
}
export interface TeamsSecrets {
  webhookUrl: string;
}

// Lengths here only stop absurd input early; the real checks below answer in the user's language.
const input = z.object({
  webhookUrl: z.string().max(4096).optional().describe('Workflows webhook URL (secret; left out on update, the stored one is kept)'),
  mention: z
    .object({
      id: z.string().max(1024).optional().describe('UPN (sign-in e-mail) or Entra object id of the user to mention'),
      name: z.string().max(1024).nullable().optional().describe('Name shown in the mention; empty: the user\'s name'),
    })
    .nullable()
    .optional()
    .describe('Mention the user in each card. Left out: kept; null (or both fields empty): no mention.'),
});

type Input = z.infer<typeof input>;

/**
 * The mention after an update: left out keeps the stored one, `null` or an empty form removes it.
 * Problems name the nested field (`mention.id`), as the settings page and the API expect.
 */
function normalizeMention(
  raw: Input['mention'],
  stored: TeamsMention | undefined,
  say: (t: Text) => string,
): { mention: TeamsMention | undefined; problems: FieldProblem[] } {
  if (raw === undefined) return { mention: stored, problems: [] };
  const id = raw?.id?.trim() ?? '';
  const name = raw?.name?.trim() ?? '';
  if (raw === null || (id === '' && name === '')) return { mention: undefined, problems: [] };
  const problems: FieldProblem[] = [];
  let mention: TeamsMention | undefined;
  if (id === '') {
    problems.push({
      field: 'mention.id',
      message: say({ ja: 'メンションするユーザーのメールアドレス(UPN)を入力してください。', en: 'Enter the e-mail address (UPN) of the user to mention.' }),
    });
  } else {
    const checked = normalizeMentionId(id);
    if (checked.ok) mention = { id: checked.id };
    else problems.push({ field: 'mention.id', message: say(checked.message) });
  }
  if (name !== '') {
    const checked = normalizeMentionName(name);
    if (!checked.ok) problems.push({ field: 'mention.name', message: say(checked.message) });
    else if (mention) mention.name = checked.name;
  }
  return { mention: problems.length === 0 ? mention : undefined, problems };
}

export const teamsConnection: ConnectionSpec<TeamsConfig, TeamsSecrets> = {
  inputSchema: input,
  secretFields: ['webhookUrl'],
  normalize(raw, stored, ctx) {
    const parsed = input.parse(raw);
    const say = (t: Text) => pick(t, ctx.locale);
    const problems: FieldProblem[] = [];
    let webhookUrl = stored?.secrets.webhookUrl;
    if (parsed.webhookUrl !== undefined && parsed.webhookUrl.trim() !== '') {
      const check = checkTeamsWebhookUrl(parsed.webhookUrl, ctx.extraWebhookOrigins);
      if (check.ok) webhookUrl = check.url;
      else problems.push({ field: 'webhookUrl', message: say(check.message) });
    } else if (!webhookUrl) {
      problems.push({ field: 'webhookUrl', message: say({ ja: 'Webhook URLを入力してください。', en: 'Enter the webhook URL.' }) });
    }
    const mention = normalizeMention(parsed.mention, stored?.config.mention, say);
    problems.push(...mention.problems);
    if (problems.length > 0 || !webhookUrl) return { ok: false, problems };
    return { ok: true, config: mention.mention ? { mention: mention.mention } : {}, secrets: { webhookUrl }, warnings: [] };
  },
  mask(config, secrets) {
    return { webhookUrl: maskUrl(secrets.webhookUrl), mention: config.mention ?? null };
  },
  destination(_config, secrets) {
    return `teams:webhook:${createHash('sha256').update(secrets.webhookUrl).digest('hex').slice(0, 32)}`;
  },
  limits(config, secrets): RateLimit[] {
    const key = teamsConnection.destination(config, secrets);
    return [
      // Learn: more than 4 requests per second to one webhook are throttled (reference/teams.md §1.2).
      // One below that: our window is measured when we send, theirs when requests arrive, and network
      // jitter can pack four of our sends closer together than we sent them.
      { key, limit: 3, windowMs: 1000 },
      // The connector table's longer window (60 / 30 s); Workflows publishes none of its own, and a
      // flow throttled for long is turned off by Power Automate, which would break the connection.
      { key: `${key}:30s`, limit: 60, windowMs: 30_000 },
    ];
  },
  form: teamsForm,
};
