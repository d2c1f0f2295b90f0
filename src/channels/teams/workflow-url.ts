import type { Text } from '../../i18n/text.js';
import { checkWebhookUrl, type WebhookCheck, type WebhookRule } from '../webhook-url.js';

/**
 * Workflows (Power Automate) webhook URLs (reference/teams.md §1.2):
 * - `https://prod-NN.<region>.logic.azure.com:443/workflows/<id>/triggers/manual/paths/invoke?api-version=…&sp=…&sv=1.0&sig=…`
 * - `https://<env>.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/<id>/triggers/manual/paths/invoke?…&sig=…`
 * - `*.powerautomate.com`, which Microsoft also hands out for the same triggers.
 * The `sig` parameter is the only credential of a trigger that "Anyone" may call: without it the
 * flow answers 401 DirectApiAuthorizationRequired, so such a URL is refused when saved.
 */
const WORKFLOW_PATH = /^(?:\/powerautomate\/automations\/direct)?\/workflows\/[A-Za-z0-9-]{1,64}\/triggers\/[A-Za-z0-9_-]{1,80}\/paths\/invoke\/?$/;

export const TEAMS_WEBHOOK_RULE: WebhookRule = {
  hosts: ['*.logic.azure.com', '*.api.powerplatform.com', '*.powerautomate.com'],
  check(url) {
    if (!WORKFLOW_PATH.test(url.pathname)) {
      return {
        ja: 'TeamsのワークフローのWebhook URLではありません。ワークフローを作成したときに表示されたURL(…/workflows/…/triggers/manual/paths/invoke?… の形)を、最後まですべてコピーして貼り付けてください。',
        en: 'This is not a Teams Workflows webhook URL. Paste the whole URL shown when you created the workflow (it looks like …/workflows/…/triggers/manual/paths/invoke?…).',
      };
    }
    if (!url.searchParams.get('sig')) {
      return {
        ja: 'URLに署名(sig=…)が含まれていません。URLの途中までしかコピーされていない可能性があります。ワークフローのURLを最後まですべてコピーして貼り付けてください。ワークフローを呼び出せるユーザーが「Anyone(全員)」になっている必要があります。',
        en: 'The URL has no signature (sig=…); it was probably copied only in part. Copy the whole workflow URL again. The workflow must let "Anyone" trigger it.',
      };
    }
    return undefined;
  },
};

/**
 * Office 365 connector URLs ("Incoming Webhook"): `https://{org}.webhook.office.com/webhookb2/…` and the
 * older `https://outlook.office.com/webhook/…`. Microsoft retired the connectors in May 2026
 * (reference/teams.md §1.1), so these are refused with the way to the replacement.
 */
export function isLegacyConnectorUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  if (host === 'webhook.office.com' || host.endsWith('.webhook.office.com')) return true;
  if ((host === 'outlook.office.com' || host === 'outlook.office365.com') && /^\/webhook(b2)?\//i.test(url.pathname)) return true;
  return /\/IncomingWebhook\//.test(url.pathname);
}

export const LEGACY_CONNECTOR_MESSAGE: Text = {
  ja: 'これは旧「Incoming Webhook」(Office 365 コネクタ)のURLです。Microsoftはこの仕組みを2026年5月に廃止したため、このURLには通知を送れません。Teamsで通知を受け取りたいチャネルの「…」→「ワークフロー」から「Webhook 要求を受信したらチャネルに投稿する」ワークフローを作成し、表示されたURLを貼り付けてください。',
  en: 'This is an old "Incoming Webhook" (Office 365 connector) URL. Microsoft retired connectors in May 2026, so nothing can be sent to it. In Teams, open the channel\'s "…" menu → Workflows, create "Post to a channel when a webhook request is received", and paste the URL it shows.',
};

/** Checks a Teams webhook URL when saved and again when sent: legacy connectors first, for the guidance. */
export function checkTeamsWebhookUrl(raw: string, extraOrigins: readonly string[]): WebhookCheck {
  try {
    if (isLegacyConnectorUrl(new URL(raw.trim()))) return { ok: false, message: LEGACY_CONNECTOR_MESSAGE };
  } catch {
    // Not a URL at all: checkWebhookUrl says so.
  }
  return checkWebhookUrl(raw, TEAMS_WEBHOOK_RULE, extraOrigins);
}
