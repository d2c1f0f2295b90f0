import type { Context } from 'hono';
import type { Text } from '../../i18n/text.js';
import { BareLayout } from './layout.js';
import { renderPage } from './render.js';

/**
 * The pages shown without a session, or instead of one: each says what happened and what to do, in
 * Japanese and in English (the user's language is not known when there is no session).
 */
export type Notice = 'link_invalid' | 'session_expired' | 'cross_site' | 'forbidden' | 'not_found' | 'signed_out' | 'too_large' | 'malformed' | 'error';

const NOTICES: Record<Notice, { status: number; title: Text; body: Text }> = {
  link_invalid: {
    status: 410,
    title: { ja: 'このリンクは使用できません', en: 'This link can no longer be used' },
    body: {
      ja: 'ログイン用のリンクは一度だけ、発行から10分以内に使えます。お使いのアプリケーションのメニューから「通知設定」をもう一度開いてください。',
      en: 'A sign-in link works once, within 10 minutes. Open 通知設定 (notification settings) from the menu of your application again.',
    },
  },
  session_expired: {
    status: 401,
    title: { ja: 'もう一度ログインしてください', en: 'Please sign in again' },
    body: {
      ja: 'ログインの有効期限が切れたか、ログアウトしています。お使いのアプリケーションのメニューから「通知設定」をもう一度開いてください。',
      en: 'Your session has ended or you signed out. Open 通知設定 (notification settings) from the menu of your application again.',
    },
  },
  cross_site: {
    status: 403,
    title: { ja: 'この操作は受け付けられませんでした', en: 'This request was refused' },
    body: {
      ja: '別のサイトから送信された可能性があるため、処理を中止しました。通知設定の画面を開き直してから、もう一度操作してください。',
      en: 'It may have been sent from another site, so nothing was changed. Reopen the settings page and try again.',
    },
  },
  forbidden: {
    status: 403,
    title: { ja: 'このページを表示する権限がありません', en: 'You do not have access to this page' },
    body: { ja: 'このページはシステム管理者のみ利用できます。', en: 'Only administrators can use this page.' },
  },
  not_found: {
    status: 404,
    title: { ja: 'ページが見つかりません', en: 'Page not found' },
    body: { ja: 'URLが正しいか確認してください。', en: 'Check the address.' },
  },
  signed_out: {
    status: 200,
    title: { ja: 'ログアウトしました', en: 'You have signed out' },
    body: {
      ja: '通知設定を再び開くときは、お使いのアプリケーションのメニューから「通知設定」を選んでください。',
      en: 'To open the settings again, choose 通知設定 (notification settings) in the menu of your application.',
    },
  },
  too_large: {
    status: 413,
    title: { ja: '送信された内容が大きすぎます', en: 'What was sent is too large' },
    body: { ja: '入力内容を短くして、もう一度お試しください。', en: 'Shorten what you entered and try again.' },
  },
  malformed: {
    status: 400,
    title: { ja: '送信された内容を読み取れませんでした', en: 'What was sent could not be read' },
    body: { ja: '通知設定の画面を開き直してから、もう一度お試しください。', en: 'Reopen the settings page and try again.' },
  },
  error: {
    status: 500,
    title: { ja: 'エラーが発生しました', en: 'Something went wrong' },
    body: {
      ja: '処理を完了できませんでした。時間をおいてもう一度お試しください。',
      en: 'The request could not be completed. Please try again in a moment.',
    },
  },
};

export function noticePage(c: Context, notice: Notice): Response {
  const n = NOTICES[notice];
  return renderPage(
    c,
    <BareLayout title={`${n.title.ja} / ${n.title.en}`}>
      <div class="card notice-card">
        <h1>{n.title.ja}</h1>
        <p>{n.body.ja}</p>
        <div class="notice-en" lang="en">
          <h2>{n.title.en}</h2>
          <p>{n.body.en}</p>
        </div>
      </div>
    </BareLayout>,
    n.status,
  );
}
