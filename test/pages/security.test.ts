import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../emulators/slack/server.js';
import { ManualClock } from '../../src/clock.js';
import { startTestTayori, TEST_ADMIN_KEY, type TestTayori } from '../helpers/tayori.js';
import { launchBrowser, mainText, screenshot, signInUrl } from './browser.js';

/**
 * Sessions, CSRF and isolation, in Chromium and over plain HTTP, on a clock the test moves: links work
 * once and for ten minutes, sessions end after 8 h idle or 24 h, a cross-site post gets 403, and a page
 * only ever shows the signed-in user's own data.
 */
const HOUR = 3_600_000;
let t: TestTayori;
let slack: SlackEmulator;
let browser: Browser;
const clock = new ManualClock(Date.UTC(2026, 10, 22, 0, 0, 0));
let org2Key: string;

beforeAll(async () => {
  slack = await SlackEmulator.start({ ratePerWindow: 1000 });
  [t, browser] = await Promise.all([startTestTayori({ clock, workers: 0, env: { TAYORI_EXTRA_WEBHOOK_ORIGINS: slack.url } }), launchBrowser()]);
  await t.api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿', en: 'Mentions' } });
  for (const id of ['alice', 'bob', 'shared']) await t.api('PUT', `/v1/users/${id}`, { name: `${id} 利用者` });
  org2Key = (await t.api('POST', '/v1/orgs', { id: 'org2', name: '別会社' }, TEST_ADMIN_KEY)).body.apiKey;
  await t.api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿' } }, org2Key);
  await t.api('PUT', '/v1/users/shared', { name: '別会社の shared' }, org2Key);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await slack?.close();
});

async function signedIn(userId: string, key?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  const res = await page.goto(await signInUrl(t, userId, undefined, key));
  expect(res!.status()).toBe(200);
  return { context, page };
}

const status = async (page: Page, path = '/settings') => (await page.goto(`${t.url}${path}`))!.status();

describe('sign-in links', () => {
  it('set an HttpOnly, SameSite=Lax session cookie scoped to /settings', async () => {
    const { context } = await signedIn('alice');
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'tayori_session', httpOnly: true, sameSite: 'Lax', path: '/settings', secure: false });
    expect(cookie!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await context.close();
  });

  it('work once: a reused link gets a friendly 410 page', async () => {
    const url = await signInUrl(t, 'alice');
    const context = await browser.newContext();
    const page = await context.newPage();
    expect((await page.goto(url))!.status()).toBe(200);
    const again = await browser.newContext();
    const other = await again.newPage();
    expect((await other.goto(url))!.status()).toBe(410);
    expect(await mainText(other)).toContain('このリンクは使用できません');
    expect(await mainText(other)).toContain('This link can no longer be used');
    expect(await again.cookies()).toEqual([]);
    await screenshot(other, 'link-used');
    await Promise.all([context.close(), again.close()]);
  });

  it('expire after 10 minutes', async () => {
    const url = await signInUrl(t, 'alice');
    clock.advance(10 * 60_000);
    const context = await browser.newContext();
    const page = await context.newPage();
    expect((await page.goto(url))!.status()).toBe(410);
    await context.close();
  });
});

describe('sessions', () => {
  it('end after 8 hours without a request', async () => {
    const { context, page } = await signedIn('alice');
    clock.advance(8 * HOUR - 60_000);
    expect(await status(page)).toBe(200); // still alive, and this request counts as activity
    clock.advance(8 * HOUR - 60_000);
    expect(await status(page)).toBe(200);
    clock.advance(8 * HOUR);
    expect(await status(page)).toBe(401);
    expect(await mainText(page)).toContain('「通知設定」をもう一度開いてください');
    await context.close();
  });

  it('end 24 hours after sign-in however active', async () => {
    const { context, page } = await signedIn('alice');
    for (let i = 0; i < 3; i++) {
      clock.advance(7 * HOUR);
      expect(await status(page)).toBe(200);
    }
    clock.advance(3 * HOUR);
    expect(await status(page)).toBe(401);
    expect(await status(page, '/settings/services')).toBe(401);
    await context.close();
  });
});

describe('CSRF', () => {
  let attacker: Server;
  let attackerUrl: string;
  let victim: { context: BrowserContext; page: Page };
  let token: string;
  let cookie: string;

  beforeAll(async () => {
    victim = await signedIn('bob');
    token = (await victim.page.locator('input[name="_csrf"]').first().getAttribute('value'))!;
    cookie = `tayori_session=${(await victim.context.cookies())[0]!.value}`;
    const hook = slack.createWebhook('#attacker');
    // A page on another site (localhost is not the same site as 127.0.0.1) that posts to the settings,
    // even with the victim's real token: only our own pages may post.
    const target = `${t.url}/settings/services/slack`;
    attacker = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<form method="post" action="${target}"><input name="enabled" value="on"><input name="webhookUrl" value="${hook}"><input name="_csrf" value="${token}"><button>win a prize</button></form>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await victim.context.close();
    await new Promise((resolve) => attacker.close(resolve));
  });

  it('refuses a cross-site form post in the browser with 403', async () => {
    await victim.page.goto(attackerUrl);
    const [response] = await Promise.all([victim.page.waitForResponse((r) => r.request().method() === 'POST'), victim.page.getByRole('button', { name: 'win a prize' }).click()]);
    expect(response.status()).toBe(403);
    expect(await mainText(victim.page)).toContain('この操作は受け付けられませんでした');
    await screenshot(victim.page, 'cross-site-refused');
    expect((await t.api('GET', '/v1/users/bob/connections/slack')).status).toBe(404);
  });

  const post = (headers: Record<string, string>, form: Record<string, string>) =>
    fetch(`${t.url}/settings/services/slack`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form),
    });
  const hookForm = () => ({ enabled: 'on', webhookUrl: slack.createWebhook('#bob') });

  it('refuses a post with a foreign Origin or Sec-Fetch-Site, even with the session and its token', async () => {
    expect((await post({ origin: 'https://evil.example' }, { ...hookForm(), _csrf: token })).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'cross-site' }, { ...hookForm(), _csrf: token })).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'same-site' }, { ...hookForm(), _csrf: token })).status).toBe(403);
    expect((await t.api('GET', '/v1/users/bob/connections/slack')).status).toBe(404);
  });

  it('refuses a post without the token or with a wrong one', async () => {
    expect((await post({}, hookForm())).status).toBe(403);
    expect((await post({}, { ...hookForm(), _csrf: token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) })).status).toBe(403);
    expect((await post({}, { ...hookForm(), _csrf: '' })).status).toBe(403);
    expect((await t.api('GET', '/v1/users/bob/connections/slack')).status).toBe(404);
  });

  it('accepts the same post from our own page (the checks are not vacuous)', async () => {
    const res = await post({ origin: t.url, 'sec-fetch-site': 'same-origin' }, { ...hookForm(), _csrf: token });
    expect(res.status).toBe(303);
    expect((await t.api('GET', '/v1/users/bob/connections/slack')).body.enabled).toBe(true);
  });
});

describe('isolation', () => {
  it("never shows another user's or another org's data", async () => {
    const hook = slack.createWebhook('#alice');
    expect((await t.api('PUT', '/v1/users/alice/connections/slack', { webhookUrl: hook, memberId: 'UALICE001' })).status).toBe(200);
    await t.api('PUT', '/v1/users/shared/connections/slack', { webhookUrl: slack.createWebhook('#shared'), memberId: 'USHARED01' });
    await t.api('POST', '/v1/events', { id: 'secret-plan', kind: 'mention', title: 'アリスだけの件名', recipients: ['alice', 'shared'] });

    const alice = await signedIn('alice');
    expect(await mainText(alice.page)).toContain('Slack');
    await alice.page.goto(`${t.url}/settings/history`);
    expect(await mainText(alice.page)).toContain('アリスだけの件名');

    for (const [user, key] of [
      ['bob', undefined],
      ['shared', org2Key],
    ] as const) {
      const other = await signedIn(user, key);
      for (const path of ['/settings', '/settings/services', '/settings/services/slack', '/settings/history']) {
        await other.page.goto(`${t.url}${path}`);
        const html = await other.page.content();
        // Alice's webhook neither in full nor as the pages mask it (origin/…last four); four random
        // characters alone can occur anywhere ("kbox" is in "checkbox"), so they are checked with the mark.
        for (const leak of ['UALICE001', 'USHARED01', 'アリスだけの件名', hook, new URL(hook).pathname, `/…${hook.slice(-4)}`]) {
          expect(html).not.toContain(leak);
        }
      }
      await other.context.close();
    }
    // The org2 user named "shared" is not org default's "shared", whose connection exists.
    const org2 = await signedIn('shared', org2Key);
    await org2.page.goto(`${t.url}/settings/services`);
    expect(await org2.page.getByRole('row', { name: /Slack/ }).textContent()).toContain('未設定');
    await Promise.all([alice.context.close(), org2.context.close()]);
  });

  it('a deleted user loses their sessions at once', async () => {
    await t.api('PUT', '/v1/users/leaver', { name: '退職者' });
    const { context, page } = await signedIn('leaver');
    expect((await t.api('DELETE', '/v1/users/leaver')).status).toBe(204);
    expect(await status(page)).toBe(401);
    await context.close();
  });
});

describe('bad input never gives a 500', () => {
  let cookie: string;
  let token: string;
  beforeAll(async () => {
    const { context, page } = await signedIn('bob');
    cookie = `tayori_session=${(await context.cookies())[0]!.value}`;
    token = (await page.locator('input[name="_csrf"]').first().getAttribute('value'))!;
    await context.close();
  });
  const req = (method: string, path: string, body?: string | URLSearchParams, type = 'application/x-www-form-urlencoded') =>
    fetch(`${t.url}${path}`, { method, redirect: 'manual', headers: { cookie, ...(body === undefined ? {} : { 'content-type': type }) }, body });

  it.each([
    ['GET', '/settings/services/fax', 404],
    ['GET', '/settings/services/email', 404],
    ['GET', '/settings/nothing/here', 404],
    ['GET', '/settings/history?before=not-a-cursor', 200],
    ['GET', '/settings/sign-in', 410],
    ['GET', `/settings/sign-in?token=${'x'.repeat(5000)}`, 410],
  ])('%s %s → %i', async (method, path, expected) => {
    expect((await req(method, path)).status).toBe(expected);
  });

  it('a trailing slash redirects to the one address of the page, relative', async () => {
    const res = await req('GET', '/settings/services/?x=1');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/settings/services?x=1');
  });

  it('odd forms: files, unknown kinds, foreign redirects, huge bodies', async () => {
    const multipart = new FormData();
    multipart.set('_csrf', token);
    multipart.set('enabled', 'on');
    multipart.set('webhookUrl', new Blob(['x']), 'hook.txt');
    const filePost = await fetch(`${t.url}/settings/services/slack`, { method: 'POST', redirect: 'manual', headers: { cookie }, body: multipart });
    expect([303, 422]).toContain(filePost.status);

    const prefs = await req('POST', '/settings', new URLSearchParams({ _csrf: token, services: 'slack', slack: 'no_such_kind' }));
    expect(prefs.status).toBe(303);
    const nested = await req('POST', '/settings', `_csrf=${token}&services=fax&services=slack&slack[]=x&slack=mention`);
    expect(nested.status).toBe(303);

    const locale = await req('POST', '/settings/locale', new URLSearchParams({ _csrf: token, locale: 'fr', return: '//evil.example/x' }));
    expect(locale.status).toBe(303);
    expect(locale.headers.get('location')).toBe('/settings');

    const huge = await req('POST', '/settings/services/slack', new URLSearchParams({ _csrf: token, webhookUrl: 'x'.repeat(100_000) }));
    expect(huge.status).toBe(413);
    const long = await req('POST', '/settings/services/slack', new URLSearchParams({ _csrf: token, enabled: 'on', memberId: 'U'.repeat(5000) }));
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('入力が長すぎます');
    expect(t.logs.join('\n')).not.toContain('settings page error');
  });
});
