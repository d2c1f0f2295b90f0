import type { Child, FC } from 'hono/jsx';
import type { Locale } from '../../domain/locale.js';
import { pick, type Text } from '../../i18n/text.js';
import { SETTINGS_PATH } from '../../usecases/sign-in.js';
import type { Session } from '../../usecases/sign-in.js';
import { SETTINGS_CSS_URL } from '../assets/settings-css.js';
import { CSRF_FIELD } from './session.js';

/** Words of the frame around every settings page. */
const T = {
  skip: { ja: '本文へ移動', en: 'Skip to content' },
  menu: { ja: '設定メニュー', en: 'Settings' },
  site: { ja: '通知設定', en: 'Notification settings' },
  top: { ja: '通知設定', en: 'Notifications' },
  // Tabs: short enough that all three fit a 375 px phone in either language.
  services: { ja: '外部サービス設定', en: 'Services' },
  history: { ja: '配信履歴', en: 'History' },
  signOut: { ja: 'ログアウト', en: 'Sign out' },
  account: { ja: 'ログイン中のユーザー', en: 'Signed in as' },
  honorific: { ja: ' さん', en: '' },
  back: { ja: '通知設定に戻る', en: 'Back to notification settings' },
} satisfies Record<string, Text>;

export type Section = 'top' | 'services' | 'history';

const NAV: { section: Section; href: string; label: Text }[] = [
  { section: 'top', href: SETTINGS_PATH, label: T.top },
  { section: 'services', href: `${SETTINGS_PATH}/services`, label: T.services },
  { section: 'history', href: `${SETTINGS_PATH}/history`, label: T.history },
];

export const CsrfField: FC<{ session: Session }> = ({ session }) => <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />;

const Head: FC<{ title: string }> = ({ title }) => (
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>{title}</title>
    <link rel="stylesheet" href={SETTINGS_CSS_URL} />
  </head>
);

/** The page frame: account, language switch and sign-out on top, the three sections as tabs. */
export const Layout: FC<{ session: Session; section: Section; title: string; path: string; children?: Child }> = ({
  session,
  section,
  title,
  path,
  children,
}) => {
  const l = session.locale;
  const t = (x: Text) => pick(x, l);
  const other: Locale = l === 'ja' ? 'en' : 'ja';
  return (
    <html lang={l}>
      <Head title={title === t(T.site) ? title : `${title} | ${t(T.site)}`} />
      <body>
        <a class="skip-link" href="#main">
          {t(T.skip)}
        </a>
        <header class="topbar">
          <div class="topbar-inner">
            <p class="account">
              <span class="visually-hidden">{t(T.account)}: </span>
              {session.user.name}
              {t(T.honorific)}
            </p>
            <div class="topbar-actions">
              <form method="post" action={`${SETTINGS_PATH}/locale`} class="inline-form">
                <CsrfField session={session} />
                <input type="hidden" name="return" value={path} />
                <button type="submit" name="locale" value={other} lang={other} class="link-button">
                  {other === 'en' ? 'English' : '日本語'}
                </button>
              </form>
              <form method="post" action={`${SETTINGS_PATH}/sign-out`} class="inline-form">
                <CsrfField session={session} />
                <button type="submit" class="link-button">
                  {t(T.signOut)}
                </button>
              </form>
            </div>
          </div>
          <nav class="tabs" aria-label={t(T.menu)}>
            <ul>
              {NAV.map((n) => (
                <li>
                  <a href={n.href} aria-current={n.section === section ? 'page' : undefined}>
                    {t(n.label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" tabindex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
};

/** The seed's 「通知設定に戻る」 button, at the foot of the service pages. */
export const BackToTop: FC<{ locale: Locale }> = ({ locale }) => (
  <p class="page-foot">
    <a class="button secondary" href={SETTINGS_PATH}>
      {pick(T.back, locale)}
    </a>
  </p>
);

/** A page outside a session (link expired, signed out…): said in Japanese, then in English. */
export const BareLayout: FC<{ title: string; children?: Child }> = ({ title, children }) => (
  <html lang="ja">
    <Head title={title} />
    <body class="bare">
      <main id="main" class="notice">
        {children}
      </main>
    </body>
  </html>
);
