import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../emulators/slack/server.js';
import { eventually, startTestTayori, type TestTayori } from '../helpers/tayori.js';
import { launchBrowser, mainText, screenshot, signInUrl } from './browser.js';
import { runSeedFlow } from './seed-flow.js';

/**
 * The "done when", in Chromium: from a sign-in link, the seed's flow for Slack, then the next
 * event reaches the Slack emulator; along the way every screen is saved as a screenshot.
 */
let t: TestTayori;
let slack: SlackEmulator;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let hook: string;
let link: string;

beforeAll(async () => {
  slack = await SlackEmulator.start({ ratePerWindow: 1000 });
  [t, browser] = await Promise.all([startTestTayori({ env: { TAYORI_EXTRA_WEBHOOK_ORIGINS: slack.url } }), launchBrowser()]);
  await t.api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿', en: 'Mentions' }, defaultOn: false });
  await t.api('PUT', '/v1/kinds/process_post', { label: { ja: '担当工程内での投稿', en: 'Posts in my processes' }, defaultOn: false });
  await t.api('PUT', '/v1/users/u-1001', { name: '山田 太郎', email: 'yamada@example.com' });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' });
  page = await context.newPage();
  page.setDefaultTimeout(8_000);
  hook = slack.createWebhook('#現場');
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await slack?.close();
});

describe('seed 000 flow for Slack in Chromium', () => {
  it('signs in from the link without leaving the token in the address bar', async () => {
    link = await signInUrl(t, 'u-1001');
    await page.goto(link);
    expect(new URL(page.url()).pathname).toBe('/settings');
    expect(page.url()).not.toContain('token');
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    expect(await mainText(page)).toContain('まだ外部サービスと連携していません');
  });

  it('follows the seed screen by screen, and the next event reaches Slack mentioning the member', async () => {
    await runSeedFlow(
      page,
      {
        label: 'Slack',
        fill: async (p) => {
          await p.getByLabel('Webhook URL').fill(hook);
          await p.getByLabel('メンバーID').fill('U0123ABCD');
        },
      },
      { kindLabel: '自分宛ての投稿', screenshots: 'slack' },
    );
    expect(await page.getByRole('checkbox', { name: 'Slack: 担当工程内での投稿' }).isChecked()).toBe(false);
    const prefs = await t.api('GET', '/v1/users/u-1001/preferences');
    expect(prefs.body.slack).toEqual(['mention']);

    const accepted = await t.api('POST', '/v1/events', {
      id: 'post-1',
      kind: 'mention',
      title: '工程表を更新しました',
      url: 'https://app.example.com/posts/1',
      recipients: ['u-1001'],
    });
    expect(accepted.status).toBe(202);
    const [message] = await slack.waitForMessages(1);
    expect(message!.hook).toBe(new URL(hook).pathname);
    expect(message!.payload.text).toMatch(/^<@U0123ABCD> /);
    expect(message!.payload.text).toContain('工程表を更新しました');
    // A kind left unticked is not forwarded.
    const skipped = await t.api('POST', '/v1/events', { id: 'post-2', kind: 'process_post', title: '別件', recipients: ['u-1001'] });
    expect(skipped.body.skipped).toEqual([{ userId: 'u-1001', service: 'slack', reason: 'kind_not_selected' }]);
  });

  it('shows the saved connection as 有効 with the secret masked, never in full', async () => {
    await page.getByRole('main').getByRole('link', { name: '外部サービス設定', exact: true }).click();
    const row = page.getByRole('row', { name: /Slack/ });
    expect(await row.textContent()).toContain('有効');
    await screenshot(page, 'slack-6-services-after');
    await page.getByRole('link', { name: 'Slack' }).click();
    const html = await page.content();
    expect(html).not.toContain(hook);
    expect(html).not.toContain(new URL(hook).pathname.split('/').pop()!);
    expect(await mainText(page)).toContain(`現在の値: ${new URL(hook).origin}/…${hook.slice(-4)}`);
    expect(await page.getByLabel('Webhook URL').inputValue()).toBe('');
    expect(await page.getByLabel('メンバーID').inputValue()).toBe('U0123ABCD');
    expect(await page.getByLabel('有効にする').isChecked()).toBe(true);
  });

  it('テスト送信 sends a real test message and says so in plain words', async () => {
    const before = slack.messages.length;
    await page.getByRole('button', { name: 'テスト送信' }).click();
    await page.getByRole('status').filter({ hasText: 'テスト送信に成功しました' }).waitFor();
    await slack.waitForMessages(before + 1);
    expect(slack.messages[before]!.payload.text).toContain('テスト通知');
    await screenshot(page, 'slack-7-test-sent');
  });

  it('配信履歴 lists the delivery as 配信済み', async () => {
    await eventually(async () => {
      const d = await t.api('GET', '/v1/events/post-1');
      expect(d.body.deliveries[0].status).toBe('delivered');
    });
    await page.getByRole('link', { name: '配信履歴' }).click();
    await page.getByRole('heading', { level: 1, name: '配信履歴' }).waitFor();
    const row = page.getByRole('row', { name: /工程表を更新しました/ });
    expect(await row.textContent()).toContain('配信済み');
    expect(await row.textContent()).toContain('自分宛ての投稿');
    await screenshot(page, 'slack-8-history');
  });

  it('logs neither the webhook URL nor the sign-in token nor the session id', async () => {
    const logs = t.logs.join('\n');
    expect(logs).toContain('"route":"/settings/services/:service"'); // the pages' requests are logged…
    const session = (await context.cookies())[0]!.value;
    for (const secret of [hook, new URL(hook).pathname.split('/').pop()!, new URL(link).searchParams.get('token')!, session]) {
      expect(logs).not.toContain(secret); // …without any secret
    }
  });

  it('signs out: the session ends and the pages ask to come back through the application', async () => {
    await page.getByRole('button', { name: 'ログアウト' }).click();
    expect(await mainText(page)).toContain('ログアウトしました');
    await screenshot(page, 'signed-out');
    const again = await page.goto(`${t.url}/settings`);
    expect(again!.status()).toBe(401);
    expect(await mainText(page)).toContain('「通知設定」をもう一度開いてください');
    expect(await context.cookies()).toEqual([]);
    await screenshot(page, 'session-ended');
  });
});
