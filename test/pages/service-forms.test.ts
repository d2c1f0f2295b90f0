import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../emulators/slack/server.js';
import { eventually, startTestTayori, type TestTayori } from '../helpers/tayori.js';
import { launchBrowser, mainText, screenshot, signInUrl } from './browser.js';

/**
 * The per-service page beyond the happy path, in Chromium with JavaScript turned off (the pages must
 * not need it): errors next to their fields, secrets kept when left blank, a broken connection told
 * everywhere, テスト送信 failing in plain words, 配信履歴 saying what to do, and the English switch.
 */
let t: TestTayori;
let slack: SlackEmulator;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const USER = 'u-2001';

const servicePage = () => page.goto(`${t.url}/settings/services/slack`);
const save = () => page.getByRole('button', { name: '保存', exact: true }).click();

beforeAll(async () => {
  slack = await SlackEmulator.start({ ratePerWindow: 1000 });
  [t, browser] = await Promise.all([startTestTayori({ env: { TAYORI_EXTRA_WEBHOOK_ORIGINS: slack.url } }), launchBrowser()]);
  await t.api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿', en: 'Mentions' } });
  await t.api('PUT', '/v1/users/u-2001', { name: '佐藤 花子' });
  context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.setDefaultTimeout(8_000);
  await page.goto(await signInUrl(t, USER, { redirect: '/settings/services/slack' }));
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await slack?.close();
});

describe('the Slack settings page', () => {
  it('opens where the sign-in link said, and keyboard users can skip to the content', async () => {
    expect(new URL(page.url()).pathname).toBe('/settings/services/slack');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('本文へ移動');
  });

  it('shows each validation error next to its field, and never echoes a secret back', async () => {
    const wrongHook = 'https://example.com/services/T1/B1/abcdef';
    await page.getByLabel('Webhook URL').fill(wrongHook);
    await page.getByLabel('メンバーID').fill('bad id!');
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), save()]);
    expect(response.status()).toBe(422);

    const url = page.getByLabel('Webhook URL');
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    const urlError = await page.locator(`#${(await url.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))}`).textContent();
    expect(urlError).toContain('このサービスのWebhook URLではありません');
    const member = page.getByLabel('メンバーID');
    expect(await member.getAttribute('aria-invalid')).toBe('true');
    expect(await member.getAttribute('aria-describedby')).toContain('f-memberId-error');
    expect(await page.locator('#f-memberId-error').textContent()).toContain('メンバーIDは U または W で始まる英数字です');
    // What was typed stays, except the secret, which the user is asked to paste again.
    expect(await member.inputValue()).toBe('bad id!');
    expect(await url.inputValue()).toBe('');
    expect(await page.content()).not.toContain(wrongHook);
    expect(await mainText(page)).toContain('もう一度貼り付けてください');
    expect((await t.api('GET', `/v1/users/${USER}/connections/slack`)).status).toBe(404);
    await screenshot(page, 'slack-errors');
  });

  let hook: string;
  it('keeps the stored secret when left blank, and clears an optional field left blank', async () => {
    hook = slack.createWebhook('#営業');
    await page.getByLabel('Webhook URL').fill(hook);
    await page.getByLabel('メンバーID').fill('U0AAA1111');
    await save();
    await page.getByRole('status').filter({ hasText: 'Slackの設定を保存しました' }).waitFor();
    const before = (await t.api('GET', `/v1/users/${USER}/connections/slack`)).body;
    expect(before.config).toEqual({ webhookUrl: `${slack.url}/…${hook.slice(-4)}`, memberId: 'U0AAA1111' });

    await servicePage();
    await page.getByLabel('メンバーID').fill('');
    await save();
    await page.getByRole('status').filter({ hasText: 'Slackの設定を保存しました' }).waitFor();
    const after = (await t.api('GET', `/v1/users/${USER}/connections/slack`)).body;
    expect(after.config).toEqual({ webhookUrl: before.config.webhookUrl, memberId: null });
    expect(after.enabled).toBe(true);

    // The kept secret is the one that works: the next event goes to the same webhook, mentioning no one.
    await t.api('POST', '/v1/events', { id: 'e-1', kind: 'mention', title: '見積書の確認', recipients: [USER] });
    const [message] = await slack.waitForMessages(1);
    expect(message!.hook).toBe(new URL(hook).pathname);
    expect(message!.mentions.users).toEqual([]);
  });

  it('unticking 有効にする keeps the settings and stops notifications', async () => {
    await servicePage();
    await page.getByLabel('有効にする').uncheck();
    await save();
    await page.getByRole('status').filter({ hasText: 'Slackの設定を保存しました' }).waitFor();
    expect(await page.getByLabel('有効にする').isChecked()).toBe(false);
    expect((await t.api('GET', `/v1/users/${USER}/connections/slack`)).body.enabled).toBe(false);
    const skipped = await t.api('POST', '/v1/events', { id: 'e-off', kind: 'mention', title: '無効中', recipients: [USER] });
    expect(skipped.body.deliveries).toEqual([]);
    await page.getByRole('link', { name: '外部サービス設定', exact: true }).first().click();
    expect(await page.getByRole('row', { name: /Slack/ }).textContent()).toContain('無効');
    await servicePage();
    await page.getByLabel('有効にする').check();
    await save();
    await page.getByRole('status').filter({ hasText: 'Slackの設定を保存しました' }).waitFor();
  });

  it('tells a broken connection on every page, and テスト送信 says what to fix', async () => {
    slack.breakWebhook(hook, 'no_service');
    await t.api('POST', '/v1/events', { id: 'e-2', kind: 'mention', title: '工程の変更', recipients: [USER] });
    await eventually(async () => {
      expect((await t.api('GET', `/v1/users/${USER}/connections/slack`)).body.status).toBe('broken');
    });
    const fix = 'このWebhook URLは削除されたか無効になっています';

    await page.goto(`${t.url}/settings`);
    expect(await page.getByRole('alert').textContent()).toContain(`Slackとの連携でエラーが発生しています${fix}`);
    await screenshot(page, 'broken-top');
    await page.goto(`${t.url}/settings/services`);
    const row = await page.getByRole('row', { name: /Slack/ }).textContent();
    expect(row).toContain('エラー');
    expect(row).toContain(fix);
    await screenshot(page, 'broken-services');
    await page.goto(`${t.url}/settings/history`);
    const line = await page.getByRole('row', { name: /工程の変更/ }).textContent();
    expect(line).toContain('失敗');
    expect(line).toContain(fix);
    await screenshot(page, 'broken-history');

    await servicePage();
    await page.getByRole('button', { name: 'テスト送信' }).click();
    const alerts = await page.getByRole('alert').allTextContents();
    expect(alerts.join(' ')).toContain('テスト送信に失敗しました');
    expect(alerts.join(' ')).toContain(fix);
    await screenshot(page, 'broken-service-test-failed');
  });

  it('saving a new webhook tests it and clears the error', async () => {
    const next = slack.createWebhook('#営業');
    await page.getByLabel('Webhook URL').fill(next);
    await save();
    const saved = await page.getByRole('status').textContent();
    expect(saved).toContain('Slackの設定を保存しました');
    expect(saved).toContain('テスト通知を送信し、接続が回復したことを確認しました');
    expect(await page.getByRole('alert').count()).toBe(0);
    expect((await t.api('GET', `/v1/users/${USER}/connections/slack`)).body.status).toBe('ok');
  });

  it('switches to English and back; the choice stays for the session', async () => {
    await page.goto(`${t.url}/settings`);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('heading', { level: 1, name: 'Notification settings' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Slack: Mentions' }).isChecked()).toBe(true);
    await screenshot(page, 'english-top');
    await page.getByRole('main').getByRole('link', { name: 'External services', exact: true }).click();
    await page.getByRole('link', { name: 'Slack' }).click();
    await page.getByRole('heading', { level: 1, name: 'Slack settings' }).waitFor();
    expect(await page.getByLabel('Enable').isChecked()).toBe(true);
    await screenshot(page, 'english-service');
    await page.getByRole('button', { name: '日本語' }).click();
    expect(new URL(page.url()).pathname).toBe('/settings/services/slack');
    await page.getByRole('heading', { level: 1, name: 'Slackの設定' }).waitFor();
    // The user's own locale (set by the host application) is untouched.
    expect((await t.api('GET', `/v1/users/${USER}`)).body.user.locale).toBe('ja');
  });

  it("follows the user's locale, or the link's", async () => {
    await t.api('PUT', '/v1/users/u-en', { name: 'Alex', locale: 'en' });
    const other = await browser.newContext({ javaScriptEnabled: false });
    const p = await other.newPage();
    await p.goto(await signInUrl(t, 'u-en'));
    expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe('Notification settings');
    await p.goto(await signInUrl(t, USER, { locale: 'en' }));
    expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe('Notification settings');
    await other.close();
  });
});
