import type { FC } from 'hono/jsx';
import type { Locale } from '../../domain/locale.js';
import { isService, SERVICE_LABELS } from '../../domain/service.js';
import { pick } from '../../i18n/text.js';
import type { Flash } from '../../usecases/sign-in.js';

const label = (service: string | undefined) => (service && isService(service) ? SERVICE_LABELS[service] : '');

/** The one-time notice after a POST-redirect-GET: saved, or the test result in plain words. */
export const FlashBanner: FC<{ flash: Flash | undefined; locale: Locale }> = ({ flash, locale }) => {
  if (!flash) return null;
  const t = (ja: string, en: string) => pick({ ja, en }, locale);
  if (flash.kind === 'preferences_saved') {
    return (
      <div class="banner banner-ok" role="status">
        <p class="banner-title">{t('通知設定を保存しました。', 'Your notification settings were saved.')}</p>
      </div>
    );
  }
  if (flash.kind === 'saved') {
    const warnings = flash.warnings ?? [];
    // What the save has to tell (a To that gets no badge, an id taken out of a pasted URL…) is not
    // success news: it goes in a warning box of its own, so it is not read past as part of "saved".
    return (
      <div class="flash" role="status">
        <div class="banner banner-ok">
          <p class="banner-title">{t(`${label(flash.service)}の設定を保存しました。`, `Your ${label(flash.service)} settings were saved.`)}</p>
          <p>
            {t(
              '「テスト送信」で届くか確認できます。「通知設定に戻る」から、通知するものを選んでください。',
              'Use "Send a test" to check that it arrives, then choose what to send under "Back to notification settings".',
            )}
          </p>
        </div>
        {warnings.length > 0 ? (
          <div class="banner banner-warn">
            <p class="banner-title">{t('ご確認ください', 'Please note')}</p>
            {warnings.map((w) => (
              <p>{w.message}</p>
            ))}
          </div>
        ) : null}
      </div>
    );
  }
  return flash.ok ? (
    <div class="banner banner-ok" role="status">
      <p class="banner-title">{t('テスト送信に成功しました。', 'The test notification was sent.')}</p>
      <p>{t(`${label(flash.service)}にテスト通知が届いているか確認してください。`, `Check that it arrived in ${label(flash.service)}.`)}</p>
    </div>
  ) : (
    <div class="banner banner-error" role="alert">
      <p class="banner-title">{t('テスト送信に失敗しました。', 'The test notification could not be sent.')}</p>
      {flash.message ? <p>{flash.message}</p> : null}
    </div>
  );
};
