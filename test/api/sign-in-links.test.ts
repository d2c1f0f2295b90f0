import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { startTestTayori, TEST_ADMIN_KEY, type TestTayori } from '../helpers/tayori.js';

/** `POST /v1/users/{userId}/sign-in-links` and what consuming a link answers, over real HTTP. */
let t: TestTayori;
let https: TestTayori;
const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0, 0));

beforeAll(async () => {
  [t, https] = await Promise.all([
    startTestTayori({ clock, workers: 0, env: { TAYORI_FRAME_ANCESTORS: "'self' https://app.example.com" } }),
    startTestTayori({ workers: 0, env: { TAYORI_PUBLIC_URL: 'https://notify.example.com/' } }),
  ]);
  await t.api('PUT', '/v1/users/u-1', { name: '山田 太郎' });
  await https.api('PUT', '/v1/users/u-1', { name: '山田 太郎' });
});
afterAll(async () => {
  await t?.close();
  await https?.close();
});

const TOKEN_URL = /^http:\/\/127.0.0.1:\d+\/settings\/sign-in\?token=([A-Za-z0-9_-]{43})$/;

/** Consumes a link against the server (the public URL of the tests has port 0). */
const consume = (server: TestTayori, url: string) => {
  const u = new URL(url);
  return fetch(`${server.url}${u.pathname}${u.search}`, { redirect: 'manual' });
};

describe('creating a sign-in link', () => {
  it('201 with a single-use URL under the public URL that expires in 10 minutes', async () => {
    for (const body of [undefined, {}, { redirect: '/settings/services/slack', locale: 'en' }]) {
      const r = await t.api('POST', '/v1/users/u-1/sign-in-links', body);
      expect(r.status).toBe(201);
      expect(Object.keys(r.body).sort()).toEqual(['expiresAt', 'url']);
      expect(r.body.url).toMatch(TOKEN_URL);
      expect(r.body.expiresAt).toBe(new Date(clock.now().getTime() + 10 * 60_000).toISOString());
    }
  });

  it('stores only the hash of the token', async () => {
    const { url } = (await t.api('POST', '/v1/users/u-1/sign-in-links')).body;
    const token = TOKEN_URL.exec(url)![1]!;
    const rows = await t.database.db.selectFrom('sign_in_links').select(['token_hash']).execute();
    const hashes = rows.map((r) => Buffer.from(r.token_hash).toString('hex'));
    expect(hashes).toContain(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(await t.database.db.selectFrom('sign_in_links').selectAll().execute())).not.toContain(token);
  });

  it('404 for an unknown user, also one that exists in another org only', async () => {
    expect((await t.api('POST', '/v1/users/ghost/sign-in-links')).status).toBe(404);
    const org2 = (await t.api('POST', '/v1/orgs', { id: 'org-links', name: 'Links' }, TEST_ADMIN_KEY)).body.apiKey;
    expect((await t.api('POST', '/v1/users/u-1/sign-in-links', undefined, org2)).status).toBe(404);
  });

  it.each([
    [{ redirect: 'https://evil.example/settings' }, 'redirect'],
    [{ redirect: '//evil.example/settings' }, 'redirect'],
    [{ redirect: '/settings/../v1/users' }, 'redirect'],
    [{ redirect: '/settings\\evil' }, 'redirect'],
    [{ redirect: '/other' }, 'redirect'],
    [{ locale: 'fr' }, 'locale'],
    [{ userId: 'someone-else' }, 'userId'],
  ])('422 for %j', async (body, field) => {
    const r = await t.api('POST', '/v1/users/u-1/sign-in-links', body);
    expect(r.status).toBe(422);
    expect(r.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('401 without the org key', async () => {
    expect((await t.api('POST', '/v1/users/u-1/sign-in-links', undefined, 'nope')).status).toBe(401);
  });
});

describe('consuming a link', () => {
  it('sets the session cookie and redirects without the token, with no referrer and no caching', async () => {
    const { url } = (await t.api('POST', '/v1/users/u-1/sign-in-links', { redirect: '/settings/services/slack' })).body;
    const res = await consume(t, url);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/settings/services/slack');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^tayori_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/settings');
    expect(cookie).not.toContain('Secure');
    expect((await consume(t, url)).status).toBe(410);
  });

  it('works until 10 minutes have passed, and not at 10 minutes', async () => {
    const { url } = (await t.api('POST', '/v1/users/u-1/sign-in-links')).body;
    clock.advance(10 * 60_000 - 1);
    const early = (await t.api('POST', '/v1/users/u-1/sign-in-links')).body.url;
    expect((await consume(t, early)).status).toBe(303);
    expect((await consume(t, url)).status).toBe(303);
    const late = (await t.api('POST', '/v1/users/u-1/sign-in-links')).body.url;
    clock.advance(10 * 60_000);
    expect((await consume(t, late)).status).toBe(410);
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    const { url } = (await https.api('POST', '/v1/users/u-1/sign-in-links')).body;
    expect(url).toMatch(/^https:\/\/notify\.example\.com\/settings\/sign-in\?token=/);
    const res = await consume(https, url);
    expect(res.headers.get('set-cookie')).toContain('Secure');
  });
});

describe('page headers', () => {
  it('a strict CSP with the configured frame-ancestors, nosniff, no referrer, no store', async () => {
    const res = await fetch(`${t.url}/settings`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'self' https://app.example.com; base-uri 'none'; object-src 'none'",
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toContain('text/html');
    const css = await fetch(`${t.url}/assets/settings.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
  });
});
