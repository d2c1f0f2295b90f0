import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ConnectionSpec, FieldProblem } from '../channel.js';
import { pick } from '../../i18n/text.js';
import { checkWebhookUrl, maskUrl, type WebhookRule } from '../webhook-url.js';
import { MEMBER_ID_PATTERN } from './escape.js';

export interface SlackConfig {
  memberId?: string;
}
export interface SlackSecrets {
  webhookUrl: string;
}

/** reference/slack.md §1: `https://hooks.slack.com/services/T…/B…/secret`. */
export const SLACK_WEBHOOK_RULE: WebhookRule = {
  hosts: ['hooks.slack.com'],
  check(url) {
    if (!/^\/services\/[A-Z0-9]+\/[A-Z0-9]+\/[A-Za-z0-9]+\/?$/.test(url.pathname)) {
      return {
        ja: 'SlackのIncoming Webhook URL(https://hooks.slack.com/services/… で始まるURL)を貼り付けてください。',
        en: 'Paste a Slack Incoming Webhook URL (it starts with https://hooks.slack.com/services/…).',
      };
    }
    return undefined;
  },
};

const input = z.object({
  webhookUrl: z.string().max(2048).optional().describe('Incoming Webhook URL (secret; left out on update, the stored one is kept)'),
  memberId: z
    .string()
    .max(32)
    .nullable()
    .optional()
    .describe('Your Slack member id (U… or W…); the notification mentions you when set. null removes it.'),
});

export const slackConnection: ConnectionSpec<SlackConfig, SlackSecrets> = {
  inputSchema: input,
  secretFields: ['webhookUrl'],
  normalize(raw, stored, ctx) {
    const parsed = input.parse(raw);
    const problems: FieldProblem[] = [];
    let webhookUrl = stored?.secrets.webhookUrl;
    if (parsed.webhookUrl !== undefined && parsed.webhookUrl.trim() !== '') {
      const check = checkWebhookUrl(parsed.webhookUrl, SLACK_WEBHOOK_RULE, ctx.extraWebhookOrigins);
      if (check.ok) webhookUrl = check.url;
      else problems.push({ field: 'webhookUrl', message: pick(check.message, ctx.locale) });
    } else if (!webhookUrl) {
      problems.push({
        field: 'webhookUrl',
        message: pick({ ja: 'Webhook URLを入力してください。', en: 'Enter the webhook URL.' }, ctx.locale),
      });
    }
    let memberId = parsed.memberId === undefined ? stored?.config.memberId : undefined;
    if (parsed.memberId && parsed.memberId.trim() !== '') {
      memberId = parsed.memberId.trim().toUpperCase();
      if (!MEMBER_ID_PATTERN.test(memberId)) {
        problems.push({
          field: 'memberId',
          message: pick(
            {
              ja: 'メンバーIDは U または W で始まる英数字です(Slackのプロフィール →「その他」→「メンバーIDをコピー」)。',
              en: 'A member id is U or W followed by letters and digits (Slack profile → More → Copy member ID).',
            },
            ctx.locale,
          ),
        });
      }
    }
    if (problems.length > 0 || !webhookUrl) return { ok: false, problems };
    return { ok: true, config: memberId ? { memberId } : {}, secrets: { webhookUrl }, warnings: [] };
  },
  mask(config, secrets) {
    return { webhookUrl: maskUrl(secrets.webhookUrl), memberId: config.memberId ?? null };
  },
  destination(_config, secrets) {
    return `slack:webhook:${createHash('sha256').update(secrets.webhookUrl).digest('hex').slice(0, 32)}`;
  },
  limits(config, secrets) {
    // "Incoming webhooks: 1 per second, short bursts allowed" (reference/slack.md §1): we never rely on the burst.
    return [{ key: slackConnection.destination(config, secrets), limit: 1, windowMs: 1000 }];
  },
  form: {
    fields: [
      {
        name: 'webhookUrl',
        type: 'secret',
        required: true,
        placeholder: 'https://hooks.slack.com/services/…',
        label: { ja: 'Webhook URL', en: 'Webhook URL' },
        help: {
          ja: 'Slackの「Incoming Webhook」で通知を投稿するチャンネルを選び、「Incoming Webhookインテグレーションの追加」を押すと表示されるURLです。',
          en: 'Shown by Slack after you pick a channel under "Incoming Webhooks" and press "Add Incoming Webhooks integration".',
        },
      },
      {
        name: 'memberId',
        type: 'text',
        placeholder: 'U0123ABCD',
        label: { ja: 'メンバーID(任意)', en: 'Member ID (optional)' },
        help: {
          ja: 'Slack右上の自分のアイコン →「プロフィールを表示する」→「その他」→「メンバーIDをコピー」。設定すると通知であなたにメンションします。',
          en: 'Your avatar → Profile → ⋯ More → "Copy member ID". With it, notifications mention you.',
        },
      },
    ],
    steps: [
      { ja: 'SlackのIncoming Webhookのページを開き、通知を投稿するチャンネルを選んで「Incoming Webhookインテグレーションの追加」を押します。', en: 'Open Incoming Webhooks in Slack, pick the channel for notifications and press "Add Incoming Webhooks integration".' },
      { ja: '表示されたWebhook URLをコピーします。', en: 'Copy the webhook URL shown.' },
      { ja: '自分宛てにメンションさせたい場合は、プロフィールの「その他」から「メンバーIDをコピー」します。', en: 'To be mentioned, copy your member ID from your profile (⋯ More → Copy member ID).' },
      { ja: '「連携の状態」の「有効にする」にチェックを入れ、値を貼り付けて「保存」を押します。', en: 'Tick "Enable", paste the values and press "Save".' },
    ],
  },
};
