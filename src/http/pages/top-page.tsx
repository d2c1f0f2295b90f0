import type { FC } from 'hono/jsx';
import type { Locale } from '../../domain/locale.js';
import { SERVICE_LABELS, type Service } from '../../domain/service.js';
import { pick, type Text } from '../../i18n/text.js';
import type { ConnectionView } from '../../usecases/connections.js';
import type { PreferenceLists } from '../../usecases/preferences.js';
import type { Flash, Session } from '../../usecases/sign-in.js';
import { SETTINGS_PATH } from '../../usecases/sign-in.js';
import { kindLabel, type Kind } from '../../store/repositories/kinds.js';
import { FlashBanner } from './flash-banner.js';
import { GearIcon } from './icons.js';
import { CsrfField, Layout } from './layout.js';
import { BrokenBanners, StateBadge, stateOf } from './service-state.js';

const T = {
  title: { ja: '通知設定', en: 'Notification settings' },
  lead: {
    ja: 'アプリケーションの通知を、連携した外部サービスにも送ります。サービスごとに、送る通知の種類を選んでください。',
    en: 'Notifications from the application are also sent to the services you connect. Choose, for each service, which kinds to send.',
  },
  servicesButton: { ja: '外部サービス設定', en: 'External services' },
  matrixCaption: { ja: '外部サービスへ通知するもの', en: 'What to send to each service' },
  kindColumn: { ja: '通知の種類', en: 'Kind of notification' },
  save: { ja: '保存', en: 'Save' },
  noServices: (names: string) => ({
    ja: `まだ外部サービスと連携していません。「外部サービス設定」から ${names} を設定すると、ここで通知するものを選べます。`,
    en: `No service is connected yet. Set up ${names} under "External services", then choose here what to send.`,
  }),
  noKinds: { ja: '通知の種類がまだ登録されていません。アプリケーションの管理者にお問い合わせください。', en: 'No kinds of notification are defined yet. Ask your administrator.' },
  notConnected: (names: string) => ({ ja: `${names} は未設定です。`, en: `${names}: not set up yet.` }),
  setUp: { ja: '外部サービス設定で連携する', en: 'Set up under External services' },
  disabledHint: { ja: '(連携が無効のため通知されません)', en: '(off: nothing is sent)' },
} satisfies Record<string, Text | ((s: string) => Text)>;

export interface TopPageProps {
  session: Session;
  flash: Flash | undefined;
  kinds: Kind[];
  services: Service[];
  views: Map<Service, ConnectionView>;
  preferences: PreferenceLists;
}

const Matrix: FC<TopPageProps & { connected: Service[]; locale: Locale }> = ({ session, kinds, connected, views, preferences, locale }) => {
  const t = (x: Text) => pick(x, locale);
  return (
    <form method="post" action={SETTINGS_PATH} class="card">
      <CsrfField session={session} />
      {connected.map((s) => (
        <input type="hidden" name="services" value={s} />
      ))}
      <div class="table-scroll">
        <table class="matrix">
          <caption>{t(T.matrixCaption)}</caption>
          <thead>
            <tr>
              <th scope="col">{t(T.kindColumn)}</th>
              {connected.map((s) => (
                <th scope="col">
                  <span class="matrix-service">{SERVICE_LABELS[s]}</span>
                  <StateBadge state={stateOf(views.get(s))} locale={locale} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {kinds.map((k) => (
              <tr>
                <th scope="row">
                  {kindLabel(k, locale)}
                  {k.description ? <span class="kind-description">{k.description}</span> : null}
                </th>
                {connected.map((s) => {
                  const id = `pref-${s}-${k.key}`;
                  return (
                    <td>
                      <label class="check-cell" for={id}>
                        <input type="checkbox" id={id} name={s} value={k.key} checked={preferences[s].includes(k.key)} />
                        <span class="visually-hidden">{`${SERVICE_LABELS[s]}: ${kindLabel(k, locale)}`}</span>
                      </label>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="form-actions">
        <button type="submit" class="button primary">
          {t(T.save)}
        </button>
      </div>
    </form>
  );
};

/** 通知設定 (the seed's first screen): the kinds × services matrix and the way to 外部サービス設定. */
export const TopPage: FC<TopPageProps> = (props) => {
  const { session, flash, kinds, services, views } = props;
  const locale = session.locale;
  const t = (x: Text) => pick(x, locale);
  const connected = services.filter((s) => views.has(s));
  const missing = services.filter((s) => !views.has(s));
  const disabled = connected.filter((s) => stateOf(views.get(s)) === 'disabled');
  return (
    <Layout session={session} section="top" title={t(T.title)} path={SETTINGS_PATH}>
      <div class="page-head">
        <h1>{t(T.title)}</h1>
        <a class="button secondary" href={`${SETTINGS_PATH}/services`}>
          <GearIcon />
          {t(T.servicesButton)}
        </a>
      </div>
      <p class="lead">{t(T.lead)}</p>
      <FlashBanner flash={flash} locale={locale} />
      <BrokenBanners views={[...views.values()]} locale={locale} />
      {connected.length === 0 ? (
        <div class="card empty">
          <p>{pick(T.noServices(services.map((s) => SERVICE_LABELS[s]).join(locale === 'ja' ? '・' : ', ')), locale)}</p>
        </div>
      ) : kinds.length === 0 ? (
        <div class="card empty">
          <p>{t(T.noKinds)}</p>
        </div>
      ) : (
        <Matrix {...props} connected={connected} locale={locale} />
      )}
      {disabled.length > 0 ? (
        <p class="hint">
          {disabled.map((s) => SERVICE_LABELS[s]).join(locale === 'ja' ? '、' : ', ')} {t(T.disabledHint)}
        </p>
      ) : null}
      {missing.length > 0 && connected.length > 0 ? (
        <p class="hint">
          {pick(T.notConnected(missing.map((s) => SERVICE_LABELS[s]).join(locale === 'ja' ? '、' : ', ')), locale)}{' '}
          <a href={`${SETTINGS_PATH}/services`}>{t(T.setUp)}</a>
        </p>
      ) : null}
    </Layout>
  );
};
