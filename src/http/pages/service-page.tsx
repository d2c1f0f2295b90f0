import type { FC } from 'hono/jsx';
import type { ConnectionForm, FormField } from '../../channels/channel.js';
import type { Locale } from '../../domain/locale.js';
import { SERVICE_LABELS, type Service } from '../../domain/service.js';
import { pick, type Text } from '../../i18n/text.js';
import type { ConnectionView } from '../../usecases/connections.js';
import type { Flash, Session } from '../../usecases/sign-in.js';
import { SETTINGS_PATH } from '../../usecases/sign-in.js';
import { FlashBanner } from './flash-banner.js';
import { valueAt } from './form-body.js';
import { BackToTop, CsrfField, Layout } from './layout.js';
import { BrokenBanners, StateBadge, stateOf } from './service-state.js';

const T = {
  title: (name: string) => ({ ja: `${name}の設定`, en: `${name} settings` }),
  crumbs: { ja: 'パンくずリスト', en: 'Breadcrumb' },
  services: { ja: '外部サービス設定', en: 'External services' },
  steps: { ja: '連携手順', en: 'How to connect' },
  state: { ja: '連携の状態', en: 'Status' },
  enable: { ja: '有効にする', en: 'Enable' },
  enableHelp: { ja: 'チェックを外すと、設定を残したまま通知を止めます。', en: 'Untick to stop notifications and keep the settings.' },
  required: { ja: '必須', en: 'Required' },
  current: { ja: '現在の値', en: 'Current' },
  keep: { ja: '変更しない場合は空欄のまま保存してください。', en: 'Leave it blank to keep it.' },
  replace: { ja: '変更する場合のみ貼り付け', en: 'Paste only to replace it' },
  reenter: { ja: '安全のため、入力された値は再表示していません。もう一度貼り付けてください。', en: 'For your security the value you entered is not shown again. Paste it again.' },
  errorSummary: { ja: '入力内容を確認してください', en: 'Check what you entered' },
  save: { ja: '保存', en: 'Save' },
  testHeading: { ja: 'テスト送信', en: 'Test' },
  testHelp: { ja: '保存した設定でテスト通知を送り、届くか確認します。', en: 'Sends a test notification with the saved settings so you can check it arrives.' },
  testButton: { ja: 'テスト送信', en: 'Send a test' },
  testFirst: { ja: 'テスト送信は、設定を保存すると使えるようになります。', en: 'You can send a test once the settings are saved.' },
} satisfies Record<string, Text | ((s: string) => Text)>;

export interface ServicePageProps {
  session: Session;
  flash: Flash | undefined;
  service: Service;
  form: ConnectionForm;
  view: ConnectionView | undefined;
  /** What the form shows: the stored settings, or what was just sent when it is shown again with errors. */
  enabled: boolean;
  values: Record<string, string>;
  errors: { byField: Map<string, string>; general: string[] };
  /** Secrets the user typed in a submission that had errors (never echoed back). */
  reenter: Set<string>;
}

const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

const Field: FC<{ field: FormField; props: ServicePageProps; autofocus: boolean }> = ({ field, props, autofocus }) => {
  const t = (x: Text) => pick(x, props.session.locale);
  const id = idOf(field.name);
  const secret = field.type === 'secret';
  const masked = secret && props.view ? valueAt(props.view.config, field.name) : '';
  const error = props.errors.byField.get(field.name);
  const described = [`${id}-help`, masked ? `${id}-current` : '', props.reenter.has(field.name) ? `${id}-reenter` : '', error ? `${id}-error` : '']
    .filter((s) => s !== '')
    .join(' ');
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>
        {t(field.label)}
        {field.required && !masked ? <span class="required">{t(T.required)}</span> : null}
      </label>
      <p class="help" id={`${id}-help`}>
        {t(field.help)}
      </p>
      {masked ? (
        <p class="current" id={`${id}-current`}>
          {t(T.current)}: <code>{masked}</code>
          <span class="current-note">{t(T.keep)}</span>
        </p>
      ) : null}
      {props.reenter.has(field.name) ? (
        <p class="current" id={`${id}-reenter`}>
          {t(T.reenter)}
        </p>
      ) : null}
      <input
        id={id}
        name={field.name}
        type={secret ? 'password' : field.type === 'url' ? 'url' : 'text'}
        value={secret ? '' : (props.values[field.name] ?? '')}
        placeholder={masked ? t(T.replace) : field.placeholder}
        autocomplete="off"
        spellcheck={false}
        autocapitalize="off"
        maxlength={2048}
        aria-required={field.required && !masked ? 'true' : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described}
        autofocus={autofocus}
      />
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
};

/** Fields in order; consecutive fields of one `group` go in a fieldset under its heading (Teams' mention). */
function grouped(fields: FormField[]): { group: Text | undefined; fields: FormField[] }[] {
  const out: { group: Text | undefined; fields: FormField[] }[] = [];
  for (const f of fields) {
    const last = out[out.length - 1];
    if (last && last.group?.ja === f.group?.ja) last.fields.push(f);
    else out.push({ group: f.group, fields: [f] });
  }
  return out;
}

const Steps: FC<{ form: ConnectionForm; locale: Locale; open: boolean }> = ({ form, locale, open }) => (
  <details class="card steps" open={open}>
    <summary>{pick(T.steps, locale)}</summary>
    <ol>
      {form.steps.map((s) => (
        <li>{pick(s, locale)}</li>
      ))}
    </ol>
  </details>
);

/** The per-service settings page of the seed: 連携の状態, the fields with where to find them, 保存, テスト送信. */
export const ServicePage: FC<ServicePageProps> = (props) => {
  const { session, flash, service, form, view, errors } = props;
  const locale = session.locale;
  const t = (x: Text) => pick(x, locale);
  const name = SERVICE_LABELS[service];
  const path = `${SETTINGS_PATH}/services/${service}`;
  const firstInvalid = form.fields.find((f) => errors.byField.has(f.name))?.name;
  const hasErrors = errors.byField.size > 0 || errors.general.length > 0;
  return (
    <Layout session={session} section="services" title={pick(T.title(name), locale)} path={path}>
      <nav class="crumbs" aria-label={t(T.crumbs)}>
        <a href={`${SETTINGS_PATH}/services`}>{t(T.services)}</a>
        <span aria-hidden="true"> › </span>
        <span aria-current="page">{name}</span>
      </nav>
      <div class="page-head">
        <h1>{pick(T.title(name), locale)}</h1>
        <StateBadge state={stateOf(view)} locale={locale} />
      </div>
      <FlashBanner flash={flash} locale={locale} />
      <BrokenBanners views={view ? [view] : []} locale={locale} linkToSettings={false} />
      {hasErrors ? (
        <div class="banner banner-error" role="alert">
          <p class="banner-title">{t(T.errorSummary)}</p>
          <ul>
            {errors.general.map((m) => (
              <li>{m}</li>
            ))}
            {form.fields
              .filter((f) => errors.byField.has(f.name))
              .map((f) => (
                <li>
                  <a href={`#${idOf(f.name)}`}>{`${t(f.label)}: ${errors.byField.get(f.name)}`}</a>
                </li>
              ))}
          </ul>
        </div>
      ) : null}
      {form.note ? (
        <div class="banner banner-info">
          <p>{t(form.note)}</p>
        </div>
      ) : null}
      <Steps form={form} locale={locale} open={!view} />
      <form method="post" action={path} class="card settings-form" novalidate>
        <CsrfField session={session} />
        <fieldset class="state">
          <legend>{t(T.state)}</legend>
          <label class="check">
            <input type="checkbox" name="enabled" value="on" checked={props.enabled} aria-describedby="enabled-help" />
            {t(T.enable)}
          </label>
          <p class="help" id="enabled-help">
            {t(T.enableHelp)}
          </p>
        </fieldset>
        {grouped(form.fields).map((g) =>
          g.group ? (
            <fieldset class="group">
              <legend>{t(g.group)}</legend>
              {g.fields.map((f) => (
                <Field field={f} props={props} autofocus={f.name === firstInvalid} />
              ))}
            </fieldset>
          ) : (
            g.fields.map((f) => <Field field={f} props={props} autofocus={f.name === firstInvalid} />)
          ),
        )}
        <div class="form-actions">
          <button type="submit" class="button primary">
            {t(T.save)}
          </button>
        </div>
      </form>
      <section class="card" aria-labelledby="test-heading">
        <h2 id="test-heading">{t(T.testHeading)}</h2>
        {view ? (
          <form method="post" action={`${path}/test`} class="test-form">
            <CsrfField session={session} />
            <p class="help">{t(T.testHelp)}</p>
            <button type="submit" class="button secondary">
              {t(T.testButton)}
            </button>
          </form>
        ) : (
          <p class="help">{t(T.testFirst)}</p>
        )}
      </section>
      <BackToTop locale={locale} />
    </Layout>
  );
};
