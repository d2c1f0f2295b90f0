import type { FC } from 'hono/jsx';
import type { DeliveryStatus } from '../../domain/delivery.js';
import { SERVICE_LABELS } from '../../domain/service.js';
import { formatTime, pick, type Text } from '../../i18n/text.js';
import type { HistoryEntry } from '../../store/repositories/history.js';
import type { Session } from '../../usecases/sign-in.js';
import { SETTINGS_PATH } from '../../usecases/sign-in.js';
import { Layout } from './layout.js';

const T = {
  title: { ja: '配信履歴', en: 'Delivery history' },
  lead: { ja: 'あなた宛ての通知を外部サービスへ送った記録です(新しい順)。', en: 'Notifications sent to your services, newest first.' },
  empty: { ja: 'まだ配信履歴はありません。', en: 'Nothing has been sent yet.' },
  when: { ja: '日時', en: 'When' },
  service: { ja: 'サービス', en: 'Service' },
  subject: { ja: '内容', en: 'Notification' },
  status: { ja: '状態', en: 'Status' },
  open: { ja: '開く', en: 'Open' },
  older: { ja: 'さらに古い履歴を表示', en: 'Show older' },
  newest: { ja: '最新の履歴に戻る', en: 'Back to the newest' },
} satisfies Record<string, Text>;

const STATUS: Record<DeliveryStatus | 'retrying', Text> = {
  queued: { ja: '送信待ち', en: 'Queued' },
  retrying: { ja: '再送待ち', en: 'Will retry' },
  sending: { ja: '送信中', en: 'Sending' },
  delivered: { ja: '配信済み', en: 'Delivered' },
  failed: { ja: '失敗', en: 'Failed' },
  dead: { ja: '失敗(再送の上限に達しました)', en: 'Failed (gave up after retries)' },
  skipped: { ja: '送信せず', en: 'Not sent' },
};

const TONE: Record<DeliveryStatus | 'retrying', string> = {
  queued: 'disabled',
  retrying: 'warn',
  sending: 'disabled',
  delivered: 'enabled',
  failed: 'error',
  dead: 'error',
  skipped: 'disabled',
};

export interface HistoryRow extends HistoryEntry {
  kindLabel: string;
  /** What happened and what to do, for failures, retries and skips. */
  advice: string | null;
}

export function statusKey(e: Pick<HistoryEntry, 'status' | 'attemptCount'>): DeliveryStatus | 'retrying' {
  return e.status === 'queued' && e.attemptCount > 0 ? 'retrying' : e.status;
}

/** 配信履歴: the signed-in user's recent deliveries, with what to do when one failed. */
export const HistoryPage: FC<{ session: Session; rows: HistoryRow[]; olderHref: string | undefined; paged: boolean }> = ({
  session,
  rows,
  olderHref,
  paged,
}) => {
  const locale = session.locale;
  const t = (x: Text) => pick(x, locale);
  return (
    <Layout session={session} section="history" title={t(T.title)} path={`${SETTINGS_PATH}/history`}>
      <div class="page-head">
        <h1>{t(T.title)}</h1>
      </div>
      <p class="lead">{t(T.lead)}</p>
      {rows.length === 0 ? (
        <div class="card empty">
          <p>{t(T.empty)}</p>
        </div>
      ) : (
        <div class="card flush">
          <table class="history">
            <thead>
              <tr>
                <th scope="col">{t(T.when)}</th>
                <th scope="col">{t(T.service)}</th>
                <th scope="col">{t(T.subject)}</th>
                <th scope="col">{t(T.status)}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const key = statusKey(r);
                return (
                  <tr>
                    <td class="col-when">
                      {formatTime(r.createdAt, locale, session.user.timeZone)}
                    </td>
                    <td class="col-service">{SERVICE_LABELS[r.service]}</td>
                    <td class="col-subject">
                      <span class="kind-tag">{r.kindLabel}</span>
                      <span class="subject">{r.title}</span>
                      {r.url ? (
                        <a href={r.url} rel="noopener noreferrer" target="_blank" class="open-link">
                          {t(T.open)}
                        </a>
                      ) : null}
                    </td>
                    <td class="col-status">
                      <span class={`badge badge-${TONE[key]}`}>{t(STATUS[key])}</span>
                      {r.advice ? <p class="state-reason">{r.advice}</p> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p class="page-foot pager">
        {paged ? <a href={`${SETTINGS_PATH}/history`}>{t(T.newest)}</a> : null}
        {olderHref ? <a href={olderHref}>{t(T.older)}</a> : null}
      </p>
    </Layout>
  );
};
