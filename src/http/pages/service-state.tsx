import type { FC } from 'hono/jsx';
import type { Locale } from '../../domain/locale.js';
import { SERVICE_LABELS, SERVICES, type Service } from '../../domain/service.js';
import { pick, type Text } from '../../i18n/text.js';
import type { ConnectionView } from '../../usecases/connections.js';
import type { AppContext } from '../../usecases/context.js';
import { SETTINGS_PATH } from '../../usecases/sign-in.js';

/** The services this deployment offers on the settings pages, in the seed's order (Chatwork, Slack, Teams). */
export function settingsServices(ctx: AppContext): Service[] {
  return SERVICES.filter((s) => ctx.channels.get(s) !== undefined);
}

export type ServiceState = 'none' | 'enabled' | 'disabled' | 'error';

/** A broken connection shows as エラー whether or not it is enabled: the user has something to fix. */
export function stateOf(view: ConnectionView | undefined): ServiceState {
  if (!view) return 'none';
  if (view.status === 'broken') return 'error';
  return view.enabled ? 'enabled' : 'disabled';
}

const LABELS: Record<ServiceState, Text> = {
  none: { ja: '未設定', en: 'Not set up' },
  enabled: { ja: '有効', en: 'On' },
  disabled: { ja: '無効', en: 'Off' },
  error: { ja: 'エラー', en: 'Error' },
};

export const StateBadge: FC<{ state: ServiceState; locale: Locale }> = ({ state, locale }) => (
  <span class={`badge badge-${state}`}>{pick(LABELS[state], locale)}</span>
);

const BANNER: { heading: (service: string) => Text; action: Text } = {
  heading: (service) => ({ ja: `${service}との連携でエラーが発生しています`, en: `The ${service} connection has a problem` }),
  action: { ja: '設定を確認する', en: 'Check the settings' },
};

/**
 * The banner of PRODUCT §5 ("tell the user"): each broken connection with what went wrong and what to
 * do, linking to its settings page unless that is the page shown.
 */
export const BrokenBanners: FC<{ views: ConnectionView[]; locale: Locale; linkToSettings?: boolean }> = ({ views, locale, linkToSettings = true }) => (
  <>
    {views
      .filter((v) => v.status === 'broken')
      .map((v) => (
        <div class="banner banner-error" role="alert">
          <p class="banner-title">{pick(BANNER.heading(SERVICE_LABELS[v.service]), locale)}</p>
          {v.statusMessage ? <p>{v.statusMessage}</p> : null}
          {linkToSettings ? (
            <p>
              <a href={`${SETTINGS_PATH}/services/${v.service}`}>{pick(BANNER.action, locale)}</a>
            </p>
          ) : null}
        </div>
      ))}
  </>
);
