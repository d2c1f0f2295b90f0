import type { Channel } from '../channel.js';
import { guardTransport, httpRequest } from '../http.js';
import { systemClock, type Clock } from '../../clock.js';
import { buildTeamsPayload } from './card.js';
import { classifyWorkflowsAnswer } from './classify.js';
import { teamsConnection, type TeamsConfig, type TeamsSecrets } from './connection.js';
import { explainTeams } from './explain.js';
import { checkTeamsWebhookUrl } from './workflow-url.js';

export interface TeamsChannelOptions {
  extraWebhookOrigins: readonly string[];
  clock?: Clock;
  /** Deadline of each request, whatever the caller's signal says (default DEFAULT_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** Teams personal connection: a Workflows webhook posting an Adaptive Card, optionally mentioning the user. */
export function createTeamsChannel(options: TeamsChannelOptions): Channel<TeamsConfig, TeamsSecrets> {
  const clock = options.clock ?? systemClock;
  return {
    service: 'teams',
    connection: teamsConnection,
    async send(message, target, signal) {
      // Checked again at send time: only Microsoft's hosts (or listed emulators) are ever contacted,
      // and the URL requested is the one the check parsed.
      const check = checkTeamsWebhookUrl(target.secrets.webhookUrl, options.extraWebhookOrigins);
      if (!check.ok) {
        return { ok: false, retryable: false, reason: 'bad_request', code: 'url_not_allowed', detail: 'webhook URL is not on an allowed host' };
      }
      const url = check.url;
      const body = JSON.stringify(buildTeamsPayload(message, target.config.mention));
      // The signature alone is the credential: it must not survive in a detail even without its URL.
      const secrets = [url, target.secrets.webhookUrl, new URL(url).searchParams.get('sig') ?? url];
      return guardTransport(async () => {
        const res = await httpRequest({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body,
          signal,
          timeoutMs: options.timeoutMs,
        });
        return classifyWorkflowsAnswer(res, clock.now(), secrets);
      });
    },
    explain: explainTeams,
  };
}
