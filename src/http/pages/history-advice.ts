import type { FailureReason } from '../../channels/channel.js';
import type { Locale } from '../../domain/locale.js';
import { pick, type Text } from '../../i18n/text.js';
import type { HistoryEntry } from '../../store/repositories/history.js';
import { describeFailure } from '../../usecases/connections.js';
import type { AppContext } from '../../usecases/context.js';

const REASONS: readonly FailureReason[] = ['auth', 'not_found', 'rate_limited', 'timeout', 'server', 'bad_request', 'network'];

/** Why a delivery was skipped at send time (delivery/load-jobs.ts), and what to do. */
const SKIPPED: Record<string, Text> = {
  connection_removed: { ja: '送信時に連携の設定が削除されていたため、送信しませんでした。', en: 'The connection had been removed, so nothing was sent.' },
  connection_disabled: {
    ja: '連携が無効になっていたため、送信しませんでした。受け取るには外部サービス設定で「有効にする」にチェックを入れてください。',
    en: 'The connection was off, so nothing was sent. To receive notifications, tick "Enable" under External services.',
  },
  connection_broken: {
    ja: '連携にエラーがあるため、送信しませんでした。外部サービス設定で設定を確認し、保存し直してください。',
    en: 'The connection has a problem, so nothing was sent. Check it under External services and save it again.',
  },
};

const LOST: Text = {
  ja: '送信中に処理が中断されたため、自動で再送します。',
  en: 'Sending was interrupted; it will be retried automatically.',
};

/** What the user should know about one line of 配信履歴: nothing when it went well. */
export function adviceFor(ctx: AppContext, e: HistoryEntry, locale: Locale): string | null {
  if (e.status === 'delivered' || e.status === 'sending' || !e.lastReason) return null;
  if (e.status === 'skipped') return SKIPPED[e.lastReason] ? pick(SKIPPED[e.lastReason]!, locale) : null;
  const reason = e.lastReason.split(':')[0] as FailureReason;
  const channel = ctx.channels.get(e.service);
  if (!channel || !REASONS.includes(reason)) return pick(LOST, locale);
  return describeFailure(channel, e.lastReason, locale);
}
