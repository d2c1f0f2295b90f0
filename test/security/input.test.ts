import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/raw-http.js';
import { openPageSession } from '../helpers/session.js';
import { startTestTayori, TEST_ADMIN_KEY, TEST_API_KEY, type TestTayori } from '../helpers/tayori.js';

/**
 * Hostile input, case by case: each 5xx the fuzz suite found stays fixed, and what the API promises
 * about sizes, ids, Unicode and unknown fields holds. The fuzz suite explores; this one pins.
 */
let t: TestTayori;

beforeAll(async () => {
  t = await startTestTayori({ workers: 0 });
  await t.api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿' } });
  await t.api('PUT', '/v1/users/u1', { name: 'u1' });
});
afterAll(async () => {
  await t?.close();
});

const put = (path: string, body: string, contentType = 'application/json') =>
  rawRequest(t.url, { method: 'PUT', path, headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': contentType }, body });

describe('found by fuzzing', () => {
  it('a body nested 200,000 deep is a 400, not a stack overflow (was 500)', async () => {
    for (const body of [`${'['.repeat(200_000)}"\\u0000"${']'.repeat(200_000)}`, `${'{"a":'.repeat(65)}1${'}'.repeat(65)}`]) {
      const res = await put('/v1/users/u1', body);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).error).toMatchObject({ code: 'malformed_request', message: expect.stringContaining('nested deeper than 64') });
    }
    // Nesting within the limit, brackets inside strings included, is judged by the schema as usual.
    const fine = await put('/v1/users/u1', JSON.stringify({ name: '[[[[{{{{'.repeat(20), extra: [[[[1]]]] }));
    expect(fine.status).toBe(422);
    expect(JSON.parse(fine.text).error.details.fields[0].field).toBe('extra');
  });

  it('a NUL deep in a body names its field', async () => {
    const res = await put('/v1/users/u1/preferences', JSON.stringify({ slack: ['mention', 'x\u0000y'] }));
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text).error.details.fields[0]).toMatchObject({ field: 'slack.1', code: 'invalid_characters' });
  });

  it('an API key prefix with a NUL or of the wrong shape is a 422 naming it (was 500)', async () => {
    for (const prefix of ['%00', 'tyr_%00', 'x'.repeat(64), 'tyr_AAAAAAA']) {
      const res = await rawRequest(t.url, { method: 'DELETE', path: `/v1/orgs/default/api-keys/${prefix}`, headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
      expect(res.status, prefix).toBe(422);
      expect(JSON.parse(res.text).error.details.fields[0].field).toBe('prefix');
    }
  });

  it('a settings form that is not a form (multipart without parts) is a 400 page (was 500)', async () => {
    const session = await openPageSession(t, 'u1');
    const res = await rawRequest(t.url, {
      method: 'POST',
      path: '/settings/services',
      headers: { cookie: session.cookie, 'content-type': 'multipart/form-data; boundary=x', origin: t.url },
      body: '',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('送信された内容を読み取れませんでした');
    expect(t.logs.join('\n')).not.toContain('settings page error');
  });
});

describe('what input the API takes', () => {
  it('ids: 128 safe characters at most, no control or path characters', async () => {
    expect((await t.api('PUT', `/v1/users/${'a'.repeat(128)}`, { name: 'x' })).status).toBe(200);
    for (const id of ['a'.repeat(129), 'a\u202eb', 'a%0Ab', '..', '.hidden', 'a/b', 'ｱ', '-a']) {
      const res = await rawRequest(t.url, {
        method: 'PUT',
        path: `/v1/users/${id.includes('%') ? id : encodeURIComponent(id)}`,
        headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
        body: '{"name":"x"}',
      });
      expect([404, 422], id).toContain(res.status);
      if (res.status === 422) expect(JSON.parse(res.text).error.details.fields[0].field).toBe('userId');
    }
  });

  it('text keeps any Unicode but NUL: RTL overrides, emoji, control characters are data, shown as sent', async () => {
    const name = '\u202eevil\u202c 👨‍👩‍👧 \u0007\u001b[31m 日本語 \u2028';
    const saved = await t.api('PUT', '/v1/users/u2', { name });
    expect(saved.status).toBe(200);
    expect((await t.api('GET', '/v1/users/u2')).body.user.name).toBe(name);
  });

  it('a lone surrogate is stored as U+FFFD, never a 500', async () => {
    const res = await put('/v1/users/u3', '{"name":"a\\ud800b"}');
    expect(res.status).toBe(200);
    expect((await t.api('GET', '/v1/users/u3')).body.user.name).toBe('a\ufffdb');
  });

  it('prototype keys are unknown fields, refused, and change nothing', async () => {
    for (const body of ['{"name":"x","__proto__":{"role":"admin"}}', '{"name":"x","constructor":{"prototype":{"role":"admin"}}}']) {
      const res = await put('/v1/users/u1', body);
      expect(res.status).toBe(422);
      expect(JSON.parse(res.text).error.details.fields[0].field).toMatch(/__proto__|constructor/);
    }
    expect((await t.api('GET', '/v1/users/u1')).body.user.role).toBe('member');
    expect(({} as Record<string, unknown>)['role']).toBeUndefined();
  });

  it('numbers as strings, arrays for objects and nulls for strings are 422 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ name: 1 }, 'name'],
      [['x'], '(body)'],
      [{ name: null }, 'name'],
      [{ name: 'x', locale: ['en'] }, 'locale'],
    ];
    for (const [body, field] of cases) {
      const res = await t.api('PUT', '/v1/users/u1', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.details.fields[0].field).toBe(field);
    }
    const limit = await t.api('GET', '/v1/deliveries?limit=ten');
    expect(limit.status).toBe(422);
    expect(limit.body.error.details.fields[0].field).toBe('limit');
  });

  it('a body of 1 MiB and one byte is a 413, and the server answers the next request', async () => {
    const res = await put('/v1/users/u1', JSON.stringify({ name: 'x'.repeat(1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).error.code).toBe('payload_too_large');
    expect((await t.api('GET', '/readyz')).status).toBe(200);
  });

  it('a path longer than Node accepts is refused by Node (431) and the server lives on', async () => {
    const res = await rawRequest(t.url, { method: 'GET', path: `/v1/users/${'a'.repeat(20_000)}`, headers: { authorization: `Bearer ${TEST_API_KEY}` } });
    expect(res.status).toBe(431);
    expect((await t.api('GET', '/readyz')).status).toBe(200);
  });
});
