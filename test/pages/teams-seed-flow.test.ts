import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsEmulator } from '../../emulators/teams/server.js';
import { eventually, startTestTayori, type TestTayori } from '../helpers/tayori.js';
import { launchBrowser, mainText, screenshot, signInUrl } from './browser.js';
import { runSeedFlow } from './seed-flow.js';

/**
 * Issue 6's "the same flow works for Teams", in Chromium: from a sign-in link, seed 000's Teams steps
 * with a Workflows URL and the mention the seed could not offer, then the next event reaches the
 * emulator as a card mentioning the user whose run succeeds; a retired connector URL is refused with
 * the way forward, and emptying the mention group removes the mention.
 */
let t: TestTayori;
let teams: TeamsEmulator;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let hook: string;
const USER = 'u-1001';
const UPN = 'yamada@example.co.jp';
const CONNECTION = `/v1/users/${USER}/connections/teams`;

const save = () => page.getByRole('button', { name: '保存', exact: true }).click();
const savedBanner = () => page.getByRole('status').filter({ hasText: 'Microsoft Teamsの設定を保存しました' });
const urlField = () => page.getByLabel('Webhook URL(ワークフロー)');
const mentionGroup = () => page.getByRole('group', { name: 'メンション(任意)' });
const upnField = () => mentionGroup().getByLabel('メンションするユーザー(サインイン用メールアドレス)');
const nameField = () => mentionGroup().getByLabel('表示名');

beforeAll(async () => {
  teams = await TeamsEmulator.start();
  [t, browser] = await Promise.all([startTestTayori({ env: { TAYORI_EXTRA_WEBHOOK_ORIGINS: teams.url } }), launchBrowser()]);
  await t.api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿', en: 'Mentions' }, defaultOn: false });
  await t.api('PUT', '/v1/kinds/process_post', { label: { ja: '担当工程内での投稿', en: 'Posts in my processes' }, defaultOn: false });
  await t.api('PUT', `/v1/users/${USER}`, { name: '山田 太郎', email: 'yamada@example.com' });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' });
  page = await context.newPage();
  page.setDefaultTimeout(8_000);
  hook = teams.createWorkflow({ channel: '現場' });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await teams?.close();
});

describe('seed 000 flow for Microsoft Teams in Chromium', () => {
  it('signs in from the link', async () => {
    await page.goto(await signInUrl(t, USER));
    expect(new URL(page.url()).pathname).toBe('/settings');
    expect(await mainText(page)).toContain('まだ外部サービスと連携していません');
  });

  it('follows the seed screen by screen, and the next event arrives as a card mentioning the user', async () => {
    await runSeedFlow(
      page,
      {
        label: 'Microsoft Teams',
        fill: async (p) => {
          await p.getByLabel('Webhook URL(ワークフロー)').fill(hook);
          const group = p.getByRole('group', { name: 'メンション(任意)' });
          await group.getByLabel('メンションするユーザー(サインイン用メールアドレス)').fill(UPN);
          await group.getByLabel('表示名').fill('山田 太郎(設計)');
        },
      },
      { kindLabel: '自分宛ての投稿', screenshots: 'teams' },
    );
    expect(await page.getByRole('checkbox', { name: 'Microsoft Teams: 担当工程内での投稿' }).isChecked()).toBe(false);
    expect((await t.api('GET', `/v1/users/${USER}/preferences`)).body.teams).toEqual(['mention']);

    const accepted = await t.api('POST', '/v1/events', {
      id: 'post-1',
      kind: 'mention',
      title: '工程表を更新しました',
      url: 'https://app.example.com/posts/1',
      recipients: [USER],
    });
    expect(accepted.status).toBe(202);
    const [run] = await teams.waitForRuns(1, { url: hook });
    expect(teams.failedRuns).toEqual([]);
    expect(run!.status).toBe('Succeeded');
    expect(run!.channel).toBe('現場');
    expect(run!.mentions).toEqual([{ text: '<at>山田 太郎(設計)</at>', id: UPN, name: '山田 太郎(設計)' }]);
    expect(run!.texts).toContain('工程表を更新しました');
    expect(JSON.stringify(run!.payload)).toContain('"url":"https://app.example.com/posts/1"');
    const skipped = await t.api('POST', '/v1/events', { id: 'post-2', kind: 'process_post', title: '別件', recipients: [USER] });
    expect(skipped.body.skipped).toEqual([{ userId: USER, service: 'teams', reason: 'kind_not_selected' }]);
    await eventually(async () => {
      expect((await t.api('GET', '/v1/events/post-1')).body.deliveries[0].status).toBe('delivered');
    });
  });

  it('shows the saved connection with the URL masked, never in full, and the mention filled in', async () => {
    await page.getByRole('main').getByRole('link', { name: '外部サービス設定', exact: true }).click();
    expect(await page.getByRole('row', { name: /Microsoft Teams/ }).textContent()).toContain('有効');
    await page.getByRole('link', { name: 'Microsoft Teamsの設定' }).click();
    await page.getByRole('heading', { level: 1, name: 'Microsoft Teamsの設定' }).waitFor();
    const html = await page.content();
    const sig = new URL(hook).searchParams.get('sig')!;
    expect(html).not.toContain(sig);
    expect(html).not.toContain(new URL(hook).pathname);
    expect(await mainText(page)).toContain(`現在の値: ${new URL(hook).origin}/…${hook.slice(-4)}`);
    expect(await urlField().inputValue()).toBe('');
    expect(await upnField().inputValue()).toBe(UPN);
    expect(await nameField().inputValue()).toBe('山田 太郎(設計)');
  });

  it('テスト送信 posts a real test card and says so in plain words', async () => {
    const before = teams.runs.length;
    await page.getByRole('button', { name: 'テスト送信' }).click();
    await page.getByRole('status').filter({ hasText: 'テスト送信に成功しました' }).waitFor();
    expect(await mainText(page)).toContain('Microsoft Teamsにテスト通知が届いているか確認してください');
    const runs = await teams.waitForRuns(before + 1);
    expect(runs[before]!.status).toBe('Succeeded');
    expect(runs[before]!.texts.join('\n')).toContain('テスト');
    expect(runs[before]!.mentions.map((m) => m.id)).toEqual([UPN]);
    expect(teams.failedRuns).toEqual([]);
    await screenshot(page, 'teams-6-test-sent');
  });

  it('refuses a retired connector URL next to the field, with the way to a Workflows URL', async () => {
    const legacy = 'https://contoso.webhook.office.com/webhookb2/0b2c3d4e-0000-4000-8000-000000000000@72f988bf-0000-4000-8000-000000000000/IncomingWebhook/0123456789abcdef0123456789abcdef/0b2c3d4e-0000-4000-8000-000000000001';
    await urlField().fill(legacy);
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), save()]);
    expect(response.status()).toBe(422);
    expect(await urlField().getAttribute('aria-invalid')).toBe('true');
    expect(await urlField().getAttribute('aria-describedby')).toContain('f-webhookUrl-error');
    const error = (await page.locator('#f-webhookUrl-error').textContent())!;
    expect(error).toContain('旧「Incoming Webhook」(Office 365 コネクタ)のURLです');
    expect(error).toContain('2026年5月に廃止');
    expect(error).toContain('「Webhook 要求を受信したらチャネルに投稿する」ワークフローを作成し');
    expect(await page.content()).not.toContain('IncomingWebhook/0123456789abcdef');
    // The mention typed stays; the stored connection is untouched.
    expect(await upnField().inputValue()).toBe(UPN);
    await screenshot(page, 'teams-7-legacy-url');
    expect((await t.api('GET', CONNECTION)).body.config.webhookUrl).toBe(`${new URL(hook).origin}/…${hook.slice(-4)}`);
  });

  it('emptying both mention fields and saving removes the mention', async () => {
    await page.goto(`${t.url}/settings/services/teams`);
    await upnField().fill('');
    await nameField().fill('');
    await save();
    await savedBanner().waitFor();
    expect(await upnField().inputValue()).toBe('');
    expect(await nameField().inputValue()).toBe('');
    const stored = (await t.api('GET', CONNECTION)).body;
    expect(stored.config).toEqual({ webhookUrl: `${new URL(hook).origin}/…${hook.slice(-4)}`, mention: null });
    expect(stored.enabled).toBe(true);
    await screenshot(page, 'teams-8-mention-removed');

    // The kept URL still works, and the next card mentions no one.
    const before = teams.runs.length;
    await t.api('POST', '/v1/events', { id: 'post-3', kind: 'mention', title: '見積書の確認', recipients: [USER] });
    const runs = await teams.waitForRuns(before + 1);
    expect(runs[before]!.status).toBe('Succeeded');
    expect(runs[before]!.mentions).toEqual([]);
    expect(runs[before]!.texts).toContain('見積書の確認');
    expect(teams.failedRuns).toEqual([]);
  });

  it('a display name without the user to mention is refused next to that field', async () => {
    await nameField().fill('山田');
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), save()]);
    expect(response.status()).toBe(422);
    expect(await upnField().getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-mention-id-error').textContent()).toContain('メンションするユーザーのメールアドレス(UPN)を入力してください');
    expect(await nameField().inputValue()).toBe('山田');
    await screenshot(page, 'teams-9-mention-error');
  });
});
