import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../emulators/slack/server.js';
import { rawRequest } from '../helpers/raw-http.js';
import { openPageSession, type PageSession } from '../helpers/session.js';
import { startTestTayori, TEST_API_KEY, type TestTayori } from '../helpers/tayori.js';

/**
 * Response headers on every kind of answer: API JSON (data and errors), operations endpoints, the
 * reference page, the settings pages and their stylesheet. Pages hold tokens and personal data: no
 * referrer, no caching, no script, framed only where TAYORI_FRAME_ANCESTORS allows.
 */
let t: TestTayori;
let slack: SlackEmulator;
let session: PageSession;
const FRAMERS = "'self' https://app.example.com";

beforeAll(async () => {
  slack = await SlackEmulator.start();
  t = await startTestTayori({ workers: 0, env: { TAYORI_FRAME_ANCESTORS: FRAMERS, TAYORI_EXTRA_WEBHOOK_ORIGINS: slack.url } });
  await t.api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿' } });
  await t.api('PUT', '/v1/users/u1', { name: '山田' });
  await t.api('PUT', '/v1/users/u1/connections/slack', { webhookUrl: slack.createWebhook() });
  session = await openPageSession(t, 'u1');
});
afterAll(async () => {
  await t?.close();
  await slack?.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  rawRequest(t.url, { method: 'GET', path, headers: { authorization: `Bearer ${TEST_API_KEY}`, ...headers } });

describe('API answers', () => {
  it.each([
    ['/v1/users/u1', 200],
    ['/v1/users/u1/connections', 200],
    ['/v1/deliveries', 200],
    ['/v1/users/ghost', 404],
    ['/v1/nothing', 404],
    ['/v1/deliveries?limit=x', 422],
    ['/healthz', 200],
    ['/readyz', 200],
    ['/metrics', 200],
    ['/openapi.json', 200],
  ])('%s (%i): nosniff, no-store, no referrer, a CSP that allows nothing, no X-Powered-By', async (path, status) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['server']).toBeUndefined();
  });

  it('401 and 413 carry them too', async () => {
    const unauthorized = await get('/v1/kinds', { authorization: 'Bearer nope' });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers['cache-control']).toBe('no-store');
    const tooLarge = await rawRequest(t.url, {
      method: 'PUT',
      path: '/v1/users/u1',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(1_100_000) }),
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers['x-content-type-options']).toBe('nosniff');
    expect(tooLarge.headers['cache-control']).toBe('no-store');
  });
});

describe('the reference page', () => {
  it('allows its own stylesheet and nothing else: no script, no frame, no form target', async () => {
    const res = await get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.text).not.toMatch(/<script|\son[a-z]+=|style="/i);
    const css = await get('/assets/docs.css');
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.headers['cache-control']).toBe('public, max-age=3600');
  });
});

describe('settings pages', () => {
  const PAGE_CSP = `default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors ${FRAMERS}; base-uri 'none'; object-src 'none'`;

  it.each(['/settings', '/settings/services', '/settings/services/slack', '/settings/services/teams', '/settings/history'])(
    '%s: the page CSP (not the API one), no store, no referrer, and no inline script, handler or style in the HTML',
    async (path) => {
      const res = await rawRequest(t.url, { method: 'GET', path, headers: { cookie: session.cookie } });
      expect(res.status).toBe(200);
      expect(res.headers['content-security-policy']).toBe(PAGE_CSP);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.text).toContain('<meta name="referrer" content="no-referrer"/>');
      expect(res.text).not.toMatch(/<script|\son[a-z]+=|style="|javascript:/i);
    },
  );

  it('the sign-in answer and the notice pages carry the same headers', async () => {
    for (const path of ['/settings/sign-in?token=x', '/settings/nothing']) {
      const res = await rawRequest(t.url, { method: 'GET', path });
      expect(res.headers['content-security-policy']).toBe(PAGE_CSP);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });
});
