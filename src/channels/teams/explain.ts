import type { Failure } from '../channel.js';
import type { Locale } from '../../domain/locale.js';
import { pick, type Text } from '../../i18n/text.js';
import { genericExplanation, TAYORI_CODES } from '../explain.js';
import { TRIGGER_DISABLED } from './classify.js';

const SIGNATURE: Text = {
  ja: 'Webhook URLの署名(sig=…)がないか、正しくありません。Teamsの「ワークフロー」アプリでワークフローを開き、URLを最後まですべてコピーして貼り直してください。ワークフローを呼び出せるユーザーは「Anyone(全員)」にしておく必要があります。',
  en: 'The webhook URL\'s signature (sig=…) is missing or wrong. Open the workflow in the Teams Workflows app, copy the whole URL again and paste it. The workflow must let "Anyone" trigger it.',
};
const GONE: Text = {
  ja: 'ワークフローが見つかりません。削除されたか、URLが古くなっています。Teamsでワークフローを作り直し(チャネルの「…」→「ワークフロー」)、新しいURLを貼り直してください。',
  en: 'The workflow was not found: it was deleted or the URL is outdated. Create the workflow again in Teams (channel "…" → Workflows) and paste the new URL.',
};

/** Workflows error codes (reference/teams.md §1.2) and what the user should do about each. */
const CODES: Record<string, Text> = {
  DirectApiAuthorizationRequired: SIGNATURE,
  [TRIGGER_DISABLED]: {
    ja: 'ワークフローがオフになっているか、削除されています。Teamsの「ワークフロー」アプリでオンに戻すか、ワークフローを作り直して新しいURLを貼り直してください。',
    en: 'The workflow is turned off or was deleted. Turn it back on in the Teams Workflows app, or create it again and paste the new URL.',
  },
  WorkflowNotFound: GONE,
  redirected: {
    ja: 'このワークフローのURLは別の場所へ転送されるため、通知を送れません(転送先には送りません)。Teamsの「ワークフロー」アプリで現在のURLをコピーし、貼り直してください。',
    en: 'This workflow URL now redirects elsewhere, so nothing can be sent (Tayori never follows a redirect). Copy the current URL from the Teams Workflows app and paste it again.',
  },
  url_not_allowed: {
    ja: '保存されているURLは、TeamsのワークフローのURLとして使えません。ワークフローのURLを貼り直してください。',
    en: 'The stored URL cannot be used as a Teams Workflows URL. Paste the workflow URL again.',
  },
};

export function explainTeams(failure: Pick<Failure, 'reason' | 'code' | 'status'>, locale: Locale): string {
  const text = CODES[failure.code] ?? TAYORI_CODES[failure.code] ?? (failure.reason === 'not_found' ? GONE : failure.reason === 'auth' ? SIGNATURE : undefined);
  if (text) return pick(text, locale);
  if (failure.reason === 'bad_request') {
    return pick(
      {
        ja: `ワークフローが通知を受け付けませんでした${failure.status ? `(HTTP ${failure.status})` : ''}。テンプレート「Webhook 要求を受信したらチャネルに投稿する」から作ったワークフローのURLか、トリガーを変更していないか確認してください。`,
        en: `The workflow did not accept the notification${failure.status ? ` (HTTP ${failure.status})` : ''}. Check that the URL is of a workflow made from "Post to a channel when a webhook request is received" and that its trigger was not changed.`,
      },
      locale,
    );
  }
  return genericExplanation(failure, 'Microsoft Teams', locale);
}
