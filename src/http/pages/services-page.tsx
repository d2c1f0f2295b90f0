import type { FC } from 'hono/jsx';
import { SERVICE_LABELS, type Service } from '../../domain/service.js';
import { pick, type Text } from '../../i18n/text.js';
import type { ConnectionView } from '../../usecases/connections.js';
import type { Flash, Session } from '../../usecases/sign-in.js';
import { SETTINGS_PATH } from '../../usecases/sign-in.js';
import { FlashBanner } from './flash-banner.js';
import { GearIcon } from './icons.js';
import { BackToTop, Layout } from './layout.js';
import { StateBadge, stateOf } from './service-state.js';

const T = {
  title: { ja: '外部サービス設定', en: 'External services' },
  lead: {
    ja: '通知を受け取る外部サービスを設定します。歯車アイコンから各サービスの設定画面を開いてください。',
    en: 'Set up the services that receive your notifications. Open each one with its gear icon.',
  },
  service: { ja: 'サービス', en: 'Service' },
  state: { ja: '連携の状態', en: 'Status' },
  settings: { ja: '設定', en: 'Settings' },
  settingsOf: (name: string) => ({ ja: `${name}の設定`, en: `${name} settings` }),
} satisfies Record<string, Text | ((s: string) => Text)>;

/** 外部サービス設定: one row per service with its state, and the gear that opens its settings. */
export const ServicesPage: FC<{ session: Session; flash: Flash | undefined; services: Service[]; views: Map<Service, ConnectionView> }> = ({
  session,
  flash,
  services,
  views,
}) => {
  const locale = session.locale;
  const t = (x: Text) => pick(x, locale);
  return (
    <Layout session={session} section="services" title={t(T.title)} path={`${SETTINGS_PATH}/services`}>
      <div class="page-head">
        <h1>{t(T.title)}</h1>
      </div>
      <p class="lead">{t(T.lead)}</p>
      <FlashBanner flash={flash} locale={locale} />
      <div class="card flush">
        <table class="services">
          <thead>
            <tr>
              <th scope="col">{t(T.service)}</th>
              <th scope="col">{t(T.state)}</th>
              <th scope="col" class="col-action">
                {t(T.settings)}
              </th>
            </tr>
          </thead>
          <tbody>
            {services.map((s) => {
              const view = views.get(s);
              const state = stateOf(view);
              return (
                <tr>
                  <th scope="row" class="service-name">
                    {SERVICE_LABELS[s]}
                  </th>
                  <td>
                    <StateBadge state={state} locale={locale} />
                    {state === 'error' && view?.statusMessage ? <p class="state-reason">{view.statusMessage}</p> : null}
                  </td>
                  <td class="col-action">
                    <a class="icon-button" href={`${SETTINGS_PATH}/services/${s}`} title={pick(T.settingsOf(SERVICE_LABELS[s]), locale)}>
                      <GearIcon />
                      <span class="visually-hidden">{pick(T.settingsOf(SERVICE_LABELS[s]), locale)}</span>
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <BackToTop locale={locale} />
    </Layout>
  );
};
