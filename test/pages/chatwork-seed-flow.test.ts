import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { infoBoxes, readable } from '../../emulators/chatwork/notation.js';
import { setup } from '../../emulators/chatwork/control.js';
import { ChatworkEmulator } from '../../emulators/chatwork/server.js';
import { eventually, startTestTayori, type TestTayori } from '../helpers/tayori.js';
import { launchBrowser, mainText, screenshot, signInUrl } from './browser.js';
import { runSeedFlow } from './seed-flow.js';

/**
 * Issue 6's "the same flow works for Chatwork", in Chromium: from a sign-in link, seed 000's Chatwork
 * steps with the recommended 通知用 account, then the next event reaches the emulator's room as an
 * info box mentioning the user; and the page's own advice: the badge note, the self-To warning, a
 * pasted room URL, a wrong token, テスト送信, and a token that never comes back to the page.
 */
let t: TestTayori;
let cw: ChatworkEmulator;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let world: ReturnType<typeof setup>;
const USER = 'u-1001';
const CONNECTION = `/v1/users/${USER}/connections/chatwork`;

const save = () => page.getByRole('button', { name: '保存', exact: true }).click();
const savedBanner = () => page.getByRole('status').filter({ hasText: 'Chatworkの設定を保存しました' });
const tokenField = () => page.getByLabel('API Token');
const roomField = () => page.getByLabel('room id');
const toField = () => page.getByLabel('アカウントID(To)');

beforeAll(async () => {
  cw = await ChatworkEmulator.start();
  [t, browser] = await Promise.all([startTestTayori({ env: { TAYORI_CHATWORK_API_URL: cw.apiUrl } }), launchBrowser()]);
  await t.api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿', en: 'Mentions' }, defaultOn: false });
  await t.api('PUT', '/v1/kinds/process_post', { label: { ja: '担当工程内での投稿', en: 'Posts in my processes' }, defaultOn: false });
  await t.api('PUT', `/v1/users/${USER}`, { name: '山田 太郎', email: 'yamada@example.com' });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' });
  page = await context.newPage();
  page.setDefaultTimeout(8_000);
  // The seed's recommended set-up: the user's account, a 通知用 account in contact, a room with both.
  world = setup(cw, '山田 太郎');
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await cw?.close();
});

describe('seed 000 flow for Chatwork in Chromium', () => {
  it('signs in from the link', async () => {
    await page.goto(await signInUrl(t, USER));
    expect(new URL(page.url()).pathname).toBe('/settings');
    expect(await mainText(page)).toContain('まだ外部サービスと連携していません');
  });

  it('follows the seed screen by screen, and the next event arrives in the room as an info box mentioning the user', async () => {
    await runSeedFlow(
      page,
      {
        label: 'Chatwork',
        fill: async (p) => {
          await p.getByLabel('API Token').fill(world.notifier.apiToken);
          await p.getByLabel('room id').fill(String(world.roomId));
          await p.getByLabel('アカウントID(To)').fill(String(world.you.accountId));
        },
      },
      { kindLabel: '自分宛ての投稿', screenshots: 'chatwork' },
    );
    expect(await page.getByRole('checkbox', { name: 'Chatwork: 担当工程内での投稿' }).isChecked()).toBe(false);
    expect((await t.api('GET', `/v1/users/${USER}/preferences`)).body.chatwork).toEqual(['mention']);

    const accepted = await t.api('POST', '/v1/events', {
      id: 'post-1',
      kind: 'mention',
      title: '工程表を更新しました',
      url: 'https://app.example.com/posts/1',
      recipients: [USER],
    });
    expect(accepted.status).toBe(202);
    const [message] = await cw.waitForMessages(1);
    expect(message!.room_id).toBe(world.roomId);
    expect(message!.account.account_id).toBe(world.notifier.accountId);
    expect(message!.mentions).toEqual({ to: [world.you.accountId], toall: false, replies: [] });
    const box = infoBoxes(message!.body);
    expect(box.ok).toBe(true);
    expect(box.boxes).toHaveLength(1);
    expect(readable(box.boxes[0]!.title!)).toContain('工程表を更新しました');
    expect(box.boxes[0]!.text).toContain('https://app.example.com/posts/1');
    // Posted by the 通知用 account, so the user gets the badge the seed is after.
    expect(cw.badge(world.roomId, world.you.accountId)).toEqual({ unread: 1, mention: 1 });
    const skipped = await t.api('POST', '/v1/events', { id: 'post-2', kind: 'process_post', title: '別件', recipients: [USER] });
    expect(skipped.body.skipped).toEqual([{ userId: USER, service: 'chatwork', reason: 'kind_not_selected' }]);
    await eventually(async () => {
      expect((await t.api('GET', '/v1/events/post-1')).body.deliveries[0].status).toBe('delivered');
    });
  });

  it('shows the saved connection with the token masked, never in full, and the badge advice', async () => {
    await page.getByRole('main').getByRole('link', { name: '外部サービス設定', exact: true }).click();
    expect(await page.getByRole('row', { name: /Chatwork/ }).textContent()).toContain('有効');
    await page.getByRole('link', { name: 'Chatworkの設定' }).click();
    await page.getByRole('heading', { level: 1, name: 'Chatworkの設定' }).waitFor();
    const html = await page.content();
    expect(html).not.toContain(world.notifier.apiToken);
    expect(html).not.toContain(world.notifier.apiToken.slice(0, 8));
    expect(await mainText(page)).toContain(`現在の値: ••••${world.notifier.apiToken.slice(-4)}`);
    expect(await tokenField().inputValue()).toBe('');
    expect(await roomField().inputValue()).toBe(String(world.roomId));
    expect(await toField().inputValue()).toBe(String(world.you.accountId));
    // The seed's 「Chatworkで通知バッジを表示させる」, before the form.
    await expect.poll(() => page.getByText('通知専用アカウントを作成してそのAPI Tokenを設定し').isVisible()).toBe(true);
  });

  it('テスト送信 posts a real test message and says so in plain words', async () => {
    const before = cw.messages.length;
    await page.getByRole('button', { name: 'テスト送信' }).click();
    await page.getByRole('status').filter({ hasText: 'テスト送信に成功しました' }).waitFor();
    expect(await mainText(page)).toContain('Chatworkにテスト通知が届いているか確認してください');
    const messages = await cw.waitForMessages(before + 1);
    expect(messages[before]!.body).toContain('テスト');
    expect(messages[before]!.mentions.to).toEqual([world.you.accountId]);
    await screenshot(page, 'chatwork-6-test-sent');
  });

  it('a wrong token is refused next to the API Token field, and the stored one is kept', async () => {
    const wrong = 'f0'.repeat(16);
    await tokenField().fill(wrong);
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), save()]);
    expect(response.status()).toBe(422);
    expect(await tokenField().getAttribute('aria-invalid')).toBe('true');
    expect(await tokenField().getAttribute('aria-describedby')).toContain('f-apiToken-error');
    expect(await page.locator('#f-apiToken-error').textContent()).toContain('API Tokenが正しくありません');
    expect(await page.getByRole('alert').textContent()).toContain('API Token: API Tokenが正しくありません');
    expect(await page.content()).not.toContain(wrong);
    expect(await mainText(page)).toContain('もう一度貼り付けてください');
    // What was typed in the other fields stays.
    expect(await roomField().inputValue()).toBe(String(world.roomId));
    await screenshot(page, 'chatwork-7-token-error');
    const stored = (await t.api('GET', CONNECTION)).body;
    expect(stored.config.apiToken).toBe(`••••${world.notifier.apiToken.slice(-4)}`);
  });

  it('recognises a room URL pasted from the address bar, and explains what it took', async () => {
    await page.goto(`${t.url}/settings/services/chatwork`);
    await roomField().fill(`https://www.chatwork.com/#!rid${world.roomId}`);
    await save();
    await savedBanner().waitFor();
    expect(await savedBanner().textContent()).toContain(`room idは「#!rid」のあとの数字だけです。貼り付けられた「https://www.chatwork.com/#!rid${world.roomId}」から ${world.roomId} を取り出して保存しました。`);
    expect(await roomField().inputValue()).toBe(String(world.roomId));
    expect((await t.api('GET', CONNECTION)).body.config.roomId).toBe(String(world.roomId));
    // The pasted URL is one long word: on a phone it wraps inside the box instead of running off the screen.
    await page.setViewportSize({ width: 375, height: 740 });
    const fits = (selector: string) => page.locator(selector).first().evaluate((e) => e.scrollWidth <= e.clientWidth);
    expect(await fits('.banner-warn')).toBe(true);
    expect(await fits('html')).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'chatwork-8-room-pasted');
  });

  it('saving the user’s own token with themselves as To shows the badge warning, in Japanese', async () => {
    await tokenField().fill(world.you.apiToken);
    await save();
    await savedBanner().waitFor();
    const text = (await savedBanner().textContent())!;
    expect(text).toContain('API Tokenの持ち主とToのアカウントが同じ(ご自身)です。Chatworkの仕様上、自分宛てのメッセージには通知バッジが表示されません。');
    expect(text).toContain('通知専用のChatworkアカウントを作成して');
    // Shown as a warning, not as part of the green "saved".
    expect(await savedBanner().locator('.banner-warn').textContent()).toContain('自分宛てのメッセージには通知バッジが表示されません');
    expect(await savedBanner().locator('.banner-ok').textContent()).not.toContain('通知バッジ');
    expect(await page.content()).not.toContain(world.you.apiToken);
    await screenshot(page, 'chatwork-9-self-badge-warning');
    const stored = (await t.api('GET', CONNECTION)).body;
    expect(stored.config.postsAs).toEqual({ accountId: String(world.you.accountId), name: '山田 太郎' });
  });
});
