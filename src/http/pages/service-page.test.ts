import { describe, expect, it } from 'vitest';
import type { ConnectionForm } from '../../channels/channel.js';
import type { Session } from '../../usecases/sign-in.js';
import { ServicePage, type ServicePageProps } from './service-page.js';

/**
 * The per-service page is generated from a channel's form metadata. Chatwork and Teams land in other
 * branches; this renders forms shaped like theirs (a note, a secret, a field group) to prove the page
 * needs no code of its own for them.
 */
const text = (ja: string, en = ja) => ({ ja, en });
const teamsLike: ConnectionForm = {
  steps: [text('チャネルの「ワークフロー」でWebhookを作成します。')],
  note: text('同じアカウントのトークンでは通知バッジが表示されません。'),
  fields: [
    { name: 'webhookUrl', type: 'secret', required: true, label: text('Webhook URL'), help: text('ワークフローが表示するURLです。') },
    { name: 'mention.id', type: 'text', label: text('メンション先のID'), help: text('メールアドレスまたはUPN'), group: text('メンション(任意)') },
    { name: 'mention.name', type: 'text', label: text('表示名'), help: text('通知に表示する名前'), group: text('メンション(任意)') },
  ],
};

function render(overrides: Partial<ServicePageProps> = {}): string {
  const session = { csrfToken: 'tok', locale: 'ja', user: { name: '山田' } } as unknown as Session;
  const props: ServicePageProps = {
    session,
    flash: undefined,
    service: 'teams',
    form: teamsLike,
    view: undefined,
    enabled: true,
    values: { 'mention.id': 'a@example.com', 'mention.name': '<b>山田</b>' },
    errors: { byField: new Map(), general: [] },
    reenter: new Set(),
    ...overrides,
  };
  return String(ServicePage(props));
}

describe('ServicePage from form metadata', () => {
  it('shows the note, the steps, and a group as a fieldset with its legend', () => {
    const html = render();
    expect(html).toContain('<h1>Microsoft Teamsの設定</h1>');
    expect(html).toContain('同じアカウントのトークンでは通知バッジが表示されません。');
    expect(html).toContain('<li>チャネルの「ワークフロー」でWebhookを作成します。</li>');
    expect(html).toMatch(/<fieldset class="group"><legend>メンション\(任意\)<\/legend>.*name="mention\.id".*name="mention\.name".*<\/fieldset>/s);
    expect(html).toContain('id="f-mention-id"');
    expect(html).toContain('value="&lt;b&gt;山田&lt;/b&gt;"'); // escaped, never markup
    expect(html).toContain('name="_csrf" value="tok"');
  });

  it('puts an error next to its field with aria-invalid and aria-describedby', () => {
    const html = render({ errors: { byField: new Map([['mention.id', 'IDの形式が正しくありません']]), general: [] } });
    expect(html).toMatch(/<input id="f-mention-id"[^>]*aria-invalid="true"[^>]*aria-describedby="f-mention-id-help f-mention-id-error"/);
    expect(html).toContain('<p class="field-error" id="f-mention-id-error">IDの形式が正しくありません</p>');
  });

  it('shows what a save has to tell in a warning box of its own, apart from "saved" and from the form\'s note', () => {
    const warning = { code: 'self_mention_no_badge', message: '通知バッジが表示されません。' };
    const html = render({ flash: { kind: 'saved', service: 'teams', warnings: [warning] } });
    const ok = /<div class="banner banner-ok">(.*?)<\/div>/s.exec(html)?.[1] ?? '';
    expect(ok).toContain('Microsoft Teamsの設定を保存しました。');
    expect(ok).not.toContain(warning.message);
    expect(html).toContain(`<div class="banner banner-warn"><p class="banner-title">ご確認ください</p><p>${warning.message}</p></div>`);
    expect(html).toMatch(/<div class="flash" role="status"><div class="banner banner-ok">.*<div class="banner banner-warn">/s);
    // The form's standing advice is information, not this save's warning.
    expect(html).toContain('<div class="banner banner-info"><p>同じアカウントのトークンでは通知バッジが表示されません。</p></div>');
    expect(render({ flash: { kind: 'saved', service: 'teams', warnings: [] } })).not.toContain('banner-warn');
  });

  it('never prefills a secret, even when a value is given', () => {
    const html = render({ values: { webhookUrl: 'https://prod.example/secret' } });
    expect(html).not.toContain('prod.example');
  });
});
