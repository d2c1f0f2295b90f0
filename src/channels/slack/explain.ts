import type { Text } from '../../i18n/text.js';
import { explainerFor } from '../explain.js';

/** Webhook error codes (reference/slack.md §1) and what the user should do about each. */
const CODES: Record<string, Text> = {
  redirected: {
    ja: 'このWebhook URLは別の場所へ転送されるため、通知を送れません(転送先には送りません)。Slackで現在のIncoming Webhook URLをコピーし、貼り直してください。',
    en: 'This webhook URL now redirects elsewhere, so nothing can be sent (Tayori never follows a redirect). Copy the current Incoming Webhook URL from Slack and paste it again.',
  },
  no_service: {
    ja: 'このWebhook URLは削除されたか無効になっています。Slackで新しいIncoming Webhookを作成し、URLを貼り直してください。',
    en: 'This webhook URL was removed or disabled. Create a new Incoming Webhook in Slack and paste its URL again.',
  },
  no_active_hooks: {
    ja: 'このWebhookは無効になっています。Slackで新しいIncoming Webhookを作成し、URLを貼り直してください。',
    en: 'This webhook is disabled. Create a new Incoming Webhook in Slack and paste its URL again.',
  },
  channel_not_found: {
    ja: '投稿先のチャンネルが見つかりません。チャンネルが削除されていないか確認し、Webhookを作り直してください。',
    en: 'The channel was not found. Check that it still exists and create the webhook again.',
  },
  channel_is_archived: {
    ja: '投稿先のチャンネルがアーカイブされています。別のチャンネル用にWebhookを作成してください。',
    en: 'The channel is archived. Create a webhook for another channel.',
  },
  invalid_token: {
    ja: 'Webhook URLが無効です。Slackで新しいIncoming Webhookを作成し、URLを貼り直してください。',
    en: 'The webhook URL is no longer valid. Create a new Incoming Webhook in Slack and paste its URL again.',
  },
  action_prohibited: {
    ja: 'Slackの管理者によってこのWebhookからの投稿が禁止されています。ワークスペースの管理者にご相談ください。',
    en: 'A Slack admin has prohibited posting through this webhook. Ask your workspace admin.',
  },
  team_disabled: {
    ja: 'Slackワークスペースが無効になっています。',
    en: 'The Slack workspace has been disabled.',
  },
  posting_to_general_channel_denied: {
    ja: 'このチャンネルには管理者しか投稿できません。別のチャンネル用にWebhookを作成してください。',
    en: 'Only admins can post in this channel. Create a webhook for another channel.',
  },
};

export const explainSlack = explainerFor(CODES, 'Slack');
