import type { Channel } from '../channel.js';
import { guardTransport, httpRequest } from '../http.js';
import type { Clock } from '../../clock.js';
import { systemClock } from '../../clock.js';
import { classifySlackWebhook } from './classify.js';
import { slackConnection, SLACK_WEBHOOK_RULE, type SlackConfig, type SlackSecrets } from './connection.js';
import { explainSlack } from './explain.js';
import { buildSlackPayload } from './payload.js';
import { checkWebhookUrl } from '../webhook-url.js';

export interface SlackChannelOptions {
  extraWebhookOrigins: readonly string[];
  clock?: Clock;
  /** Deadline of each request, whatever the caller's signal says (default DEFAULT_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** Slack personal connection: an Incoming Webhook, optionally mentioning the user's member id. */
export function createSlackChannel(options: SlackChannelOptions): Channel<SlackConfig, SlackSecrets> {
  const clock = options.clock ?? systemClock;
  return {
    service: 'slack',
    connection: slackConnection,
    async send(message, target, signal) {
      // Checked again at send time: only the service's own hosts (or listed emulators) are ever contacted.
      const check = checkWebhookUrl(target.secrets.webhookUrl, SLACK_WEBHOOK_RULE, options.extraWebhookOrigins);
      if (!check.ok) {
        return { ok: false, retryable: false, reason: 'bad_request', code: 'url_not_allowed', detail: 'webhook URL is not on an allowed host' };
      }
      const payload = buildSlackPayload(message, target.config.memberId);
      return guardTransport(async () => {
        const res = await httpRequest({
          method: 'POST',
          // The URL as the check parsed it: what was checked is what is requested.
          url: check.url,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(payload),
          signal,
          timeoutMs: options.timeoutMs,
        });
        // The last path segment alone is the credential: it must not survive in a detail even without its URL.
        return classifySlackWebhook(res, clock.now(), [check.url, target.secrets.webhookUrl, new URL(check.url).pathname.split('/').filter(Boolean).pop() ?? check.url]);
      });
    },
    explain: explainSlack,
  };
}
