import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../emulators/slack/server.js';
import { startTestTayori, TEST_ADMIN_KEY, type TestTayori } from '../helpers/tayori.js';

let t: TestTayori;
let slack: SlackEmulator;

beforeAll(async () => {
  slack = await SlackEmulator.start({ ratePerWindow: 1000 });
  // No workers: these tests look at the API alone; delivery has its own suites.
  t = await startTestTayori({ workers: 0, env: { TAYORI_EXTRA_WEBHOOK_ORIGINS: slack.url } });
  await t.api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿', en: 'Mentions' } });
  await t.api('PUT', '/v1/kinds/process_post', { label: { ja: '担当工程内での投稿' }, defaultOn: false });
});
afterAll(async () => {
  await t?.close();
  await slack?.close();
});

describe('errors have one shape and never a 500', () => {
  it('401 without a key, with a wrong key', async () => {
    for (const key of ['', 'nope', 'x'.repeat(300)]) {
      const r = await t.api('GET', '/v1/kinds', undefined, key);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('unauthorized');
    }
  });

  it('400 for malformed JSON', async () => {
    const r = await t.api('PUT', '/v1/users/u1', '{"name": ');
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'malformed_request' });
  });

  it('415 for a body that is not JSON', async () => {
    const res = await fetch(`${t.url}/v1/users/u1`, {
      method: 'PUT',
      headers: { authorization: 'Bearer test-bootstrap-key-0123456789abcdefghijkl', 'content-type': 'text/plain' },
      body: 'name=x',
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
  });

  it('413 for a body over 1 MiB', async () => {
    const r = await t.api('PUT', '/v1/users/u1', { name: 'x'.repeat(1_100_000) });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
  });

  it('422 names every invalid field', async () => {
    const r = await t.api('PUT', '/v1/users/u1', { name: '', locale: 'fr', timeZone: 'Mars/Base', role: 'god', extra: 1 });
    expect(r.status).toBe(422);
    const fields = r.body.error.details.fields.map((f: { field: string }) => f.field).sort();
    expect(fields).toEqual(['extra', 'locale', 'name', 'role', 'timeZone']);
  });

  it('422 for an unsafe id in the path', async () => {
    const r = await t.api('PUT', `/v1/users/${encodeURIComponent('a b<script>')}`, { name: 'x' });
    expect(r.status).toBe(422);
    expect(r.body.error.details.fields[0].field).toBe('userId');
  });

  it('422 for a NUL character, naming the field', async () => {
    const r = await t.api('PUT', '/v1/users/u1', { name: 'a\u0000b' });
    expect(r.status).toBe(422);
    expect(r.body.error.details.fields[0]).toMatchObject({ field: 'name', code: 'invalid_characters' });
  });

  it('404 in the error shape for unknown routes and ids', async () => {
    expect((await t.api('GET', '/v1/nothing')).body.error.code).toBe('not_found');
    expect((await t.api('GET', '/v1/users/ghost')).status).toBe(404);
    expect((await t.api('GET', '/v1/events/ghost')).status).toBe(404);
    expect((await t.api('PUT', '/v1/users/ghost/connections/slack', { webhookUrl: 'x' })).status).toBe(404);
  });
});

describe('users', () => {
  it('creates, updates keeping unsent fields, reads and deletes', async () => {
    const created = await t.api('PUT', '/v1/users/alice', { name: '有栖', email: 'alice@example.com', locale: 'en', timeZone: 'Europe/Paris', role: 'admin' });
    expect(created.status).toBe(200);
    expect(created.body.user).toMatchObject({ id: 'alice', locale: 'en', timeZone: 'Europe/Paris', role: 'admin' });
    const updated = await t.api('PUT', '/v1/users/alice', { name: 'Alice' });
    expect(updated.body.user).toMatchObject({ name: 'Alice', email: 'alice@example.com', locale: 'en', role: 'admin' });
    expect((await t.api('GET', '/v1/users/alice')).body.user.name).toBe('Alice');
    expect((await t.api('DELETE', '/v1/users/alice')).status).toBe(204);
    expect((await t.api('GET', '/v1/users/alice')).status).toBe(404);
  });

  it('defaults to Japanese, Asia/Tokyo, member', async () => {
    const r = await t.api('PUT', '/v1/users/bob', { name: 'ボブ' });
    expect(r.body.user).toMatchObject({ locale: 'ja', timeZone: 'Asia/Tokyo', role: 'member', email: null });
  });
});

describe('kinds and preferences', () => {
  it('lists the catalogue', async () => {
    const r = await t.api('GET', '/v1/kinds');
    expect(r.body.kinds.map((k: { key: string }) => k.key)).toEqual(['mention', 'process_post']);
  });

  it('PUT sets the complete list per service named; later kinds follow defaultOn', async () => {
    await t.api('PUT', '/v1/users/carol', { name: 'Carol' });
    const initial = await t.api('GET', '/v1/users/carol/preferences');
    expect(initial.body.slack).toEqual(['mention']);
    const put = await t.api('PUT', '/v1/users/carol/preferences', { slack: ['process_post'] });
    expect(put.body.slack).toEqual(['process_post']);
    expect(put.body.teams).toEqual(['mention']); // not named: unchanged
    await t.api('PUT', '/v1/kinds/task_due', { label: { ja: 'タスク期限' }, defaultOn: true });
    const later = await t.api('GET', '/v1/users/carol/preferences');
    expect(later.body.slack).toEqual(['process_post', 'task_due']);
  });

  it('422 for unknown kinds and services', async () => {
    const r = await t.api('PUT', '/v1/users/carol/preferences', { slack: ['nope'], fax: [] });
    expect(r.status).toBe(422);
    const again = await t.api('PUT', '/v1/users/carol/preferences', { slack: ['nope'] });
    expect(again.body.error).toMatchObject({ code: 'unknown_kind' });
    expect(again.body.error.details.fields[0].field).toBe('slack.0');
  });
});

describe('slack connection', () => {
  it('saves, masks the webhook URL and keeps it when left out', async () => {
    await t.api('PUT', '/v1/users/dave', { name: 'Dave' });
    const hook = slack.createWebhook();
    const saved = await t.api('PUT', '/v1/users/dave/connections/slack', { enabled: true, webhookUrl: hook, memberId: 'u0123abc' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ service: 'slack', enabled: true, status: 'ok', config: { memberId: 'U0123ABC' } });
    expect(JSON.stringify(saved.body)).not.toContain(new URL(hook).pathname);
    expect(saved.body.config.webhookUrl).toMatch(/…/);
    const kept = await t.api('PUT', '/v1/users/dave/connections/slack', { enabled: false });
    expect(kept.body).toMatchObject({ enabled: false, config: { memberId: 'U0123ABC', webhookUrl: saved.body.config.webhookUrl } });
    const list = await t.api('GET', '/v1/users/dave/connections');
    expect(list.body.connections).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(new URL(hook).pathname);
  });

  it.each([
    ['http://hooks.slack.com/services/T1/B1/x', 'webhookUrl'],
    ['https://evil.example/services/T1/B1/x', 'webhookUrl'],
    ['https://hooks.slack.com.evil.example/services/T1/B1/x', 'webhookUrl'],
    ['https://user:pw@hooks.slack.com/services/T1/B1/x', 'webhookUrl'],
    ['https://hooks.slack.com/workflows/T1/A1/1/x', 'webhookUrl'],
    ['not a url', 'webhookUrl'],
  ])('refuses %s with the field named, in Japanese by default', async (url, field) => {
    await t.api('PUT', '/v1/users/erin', { name: 'Erin' });
    const r = await t.api('PUT', '/v1/users/erin/connections/slack', { webhookUrl: url });
    expect(r.status).toBe(422);
    expect(r.body.error.details.fields[0].field).toBe(field);
    expect(r.body.error.details.fields[0].message).toMatch(/[ぁ-んァ-ン]/);
  });

  it('accepts the official host shape', async () => {
    await t.api('PUT', '/v1/users/frank', { name: 'Frank', locale: 'en' });
    const r = await t.api('PUT', '/v1/users/frank/connections/slack', {
      webhookUrl: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
    });
    expect(r.status).toBe(200);
    expect(r.body.config.webhookUrl).toBe('https://hooks.slack.com/…XXXX');
  });

  it('refuses a bad member id and a missing URL, in the user language', async () => {
    const r = await t.api('PUT', '/v1/users/frank/connections/slack', { webhookUrl: 'https://hooks.slack.com/services/T1/B1/abc', memberId: 'john' });
    expect(r.status).toBe(422);
    expect(r.body.error.details.fields[0]).toMatchObject({ field: 'memberId' });
    expect(r.body.error.details.fields[0].message).toMatch(/member id/i);
    await t.api('PUT', '/v1/users/gina', { name: 'Gina' });
    const missing = await t.api('PUT', '/v1/users/gina/connections/slack', {});
    expect(missing.body.error.details.fields[0].field).toBe('webhookUrl');
  });

  it('test sends a real message; a dead webhook explains what to fix', async () => {
    await t.api('PUT', '/v1/users/hana', { name: 'Hana' });
    const hook = slack.createWebhook();
    await t.api('PUT', '/v1/users/hana/connections/slack', { webhookUrl: hook, memberId: 'U1HANA' });
    const ok = await t.api('POST', '/v1/users/hana/connections/slack/test');
    expect(ok.body).toEqual({ ok: true });
    const msg = slack.messagesFor(hook)[0]!;
    expect(msg.payload.text).toContain('<@U1HANA>');
    expect(msg.payload.text).toContain('テスト');
    slack.breakWebhook(hook, 'no_service');
    const bad = await t.api('POST', '/v1/users/hana/connections/slack/test');
    expect(bad.body).toMatchObject({ ok: false, reason: 'not_found', code: 'no_service' });
    expect(bad.body.message).toContain('Webhook');
    const conn = await t.api('GET', '/v1/users/hana/connections/slack');
    expect(conn.body).toMatchObject({ status: 'broken', statusReason: 'not_found:no_service' });
    expect(conn.body.statusMessage).toContain('新しいIncoming Webhook');
  });

  it('deletes a connection', async () => {
    expect((await t.api('DELETE', '/v1/users/dave/connections/slack')).status).toBe(204);
    expect((await t.api('GET', '/v1/users/dave/connections/slack')).status).toBe(404);
    expect((await t.api('DELETE', '/v1/users/dave/connections/slack')).status).toBe(404);
  });
});

describe('events', () => {
  it('routes, explains skips and is idempotent by id', async () => {
    await t.api('PUT', '/v1/users/ivan', { name: 'Ivan' });
    await t.api('PUT', '/v1/users/ivan/connections/slack', { webhookUrl: slack.createWebhook() });
    await t.api('PUT', '/v1/users/judy', { name: 'Judy' });
    const body = { id: 'post-1', kind: 'mention', title: 'hello', recipients: ['ivan', 'judy', 'ghost', { userId: 'ivan', kind: 'process_post' }] };
    const first = await t.api('POST', '/v1/events', body);
    expect(first.status).toBe(202);
    expect(first.body.deliveries).toEqual([{ id: expect.any(String), userId: 'ivan', service: 'slack', status: 'queued' }]);
    expect(first.body.skipped).toEqual([
      { userId: 'judy', reason: 'no_connection' },
      { userId: 'ghost', reason: 'unknown_user' },
    ]);
    const again = await t.api('POST', '/v1/events', { ...body, title: 'changed' });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ eventId: 'post-1', duplicate: true, deliveries: first.body.deliveries });
    const detail = await t.api('GET', '/v1/events/post-1');
    expect(detail.body.event.title).toBe('hello');
    expect(detail.body.deliveries).toHaveLength(1);
  });

  it('uses a recipient kind over the event kind', async () => {
    const r = await t.api('POST', '/v1/events', { id: 'post-2', kind: 'mention', title: 'x', recipients: [{ userId: 'ivan', kind: 'process_post' }] });
    expect(r.body.skipped).toEqual([{ userId: 'ivan', service: 'slack', reason: 'kind_not_selected' }]);
  });

  it('422 unknown_kind names the field', async () => {
    const r = await t.api('POST', '/v1/events', { id: 'post-3', kind: 'nope', title: 'x', recipients: [{ userId: 'ivan', kind: 'nada' }] });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('unknown_kind');
    expect(r.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['kind', 'recipients.0.kind']);
    expect((await t.api('GET', '/v1/events/post-3')).status).toBe(404);
  });

  it('422 for invalid event values', async () => {
    const r = await t.api('POST', '/v1/events', { id: '', kind: 'mention', title: '', url: 'javascript:alert(1)', recipients: [], occurredAt: 'yesterday' });
    expect(r.status).toBe(422);
    const fields = r.body.error.details.fields.map((f: { field: string }) => f.field).sort();
    expect(fields).toEqual(['id', 'occurredAt', 'recipients', 'title', 'url']);
  });

  it('concurrent posts of one id create one set of deliveries', async () => {
    const body = { id: 'race-1', kind: 'mention', title: 'x', recipients: ['ivan'] };
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.api('POST', '/v1/events', body)));
    expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(answers.filter((a) => !a.body.duplicate)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.deliveries[0].id)).size).toBe(1);
  });
});

describe('deliveries', () => {
  it('lists newest first with filters and a cursor', async () => {
    for (let i = 0; i < 5; i++) await t.api('POST', '/v1/events', { id: `page-${i}`, kind: 'mention', title: `p${i}`, recipients: ['ivan'] });
    const first = await t.api('GET', '/v1/deliveries?userId=ivan&limit=2');
    expect(first.body.deliveries).toHaveLength(2);
    expect(first.body.deliveries[0].eventId).toBe('page-4');
    const second = await t.api('GET', `/v1/deliveries?userId=ivan&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.deliveries[0].eventId).toBe('page-2');
    expect((await t.api('GET', '/v1/deliveries?status=delivered')).body.deliveries).toEqual([]);
    expect((await t.api('GET', '/v1/deliveries?status=bogus')).status).toBe(422);
    expect((await t.api('GET', '/v1/deliveries?cursor=!!')).status).toBe(422);
    expect((await t.api('GET', '/v1/deliveries?limit=1000')).status).toBe(422);
  });

  it('retry refuses a delivery that is not failed or dead', async () => {
    const d = (await t.api('GET', '/v1/deliveries?limit=1')).body.deliveries[0];
    const r = await t.api('POST', `/v1/deliveries/${d.id}/retry`);
    expect(r.status).toBe(409);
    expect((await t.api('POST', '/v1/deliveries/00000000-0000-7000-8000-000000000000/retry')).status).toBe(404);
    expect((await t.api('POST', '/v1/deliveries/not-an-id/retry')).status).toBe(422);
  });
});

describe('platform', () => {
  it('creates orgs with the platform key only; each org sees only itself', async () => {
    expect((await t.api('POST', '/v1/orgs', { id: 'acme', name: 'Acme' })).status).toBe(401);
    const created = await t.api('POST', '/v1/orgs', { id: 'acme', name: 'Acme' }, TEST_ADMIN_KEY);
    expect(created.status).toBe(201);
    const acmeKey: string = created.body.apiKey;
    expect(acmeKey).toMatch(/^tyr_/);
    expect((await t.api('POST', '/v1/orgs', { id: 'acme', name: 'Again' }, TEST_ADMIN_KEY)).status).toBe(409);
    expect((await t.api('GET', '/v1/kinds', undefined, acmeKey)).body.kinds).toEqual([]);
    expect((await t.api('GET', '/v1/users/ivan', undefined, acmeKey)).status).toBe(404);
    expect((await t.api('GET', '/v1/events/post-1', undefined, acmeKey)).status).toBe(404);
    expect((await t.api('GET', '/v1/deliveries', undefined, acmeKey)).body.deliveries).toEqual([]);
    // An org key is not a platform key.
    expect((await t.api('POST', '/v1/orgs', { id: 'other', name: 'x' }, acmeKey)).status).toBe(401);
    // Rotation: a second key works, the first is revoked by its prefix.
    const second = await t.api('POST', '/v1/orgs/acme/api-keys', undefined, TEST_ADMIN_KEY);
    expect(second.status).toBe(201);
    expect((await t.api('DELETE', `/v1/orgs/acme/api-keys/${created.body.prefix}`, undefined, TEST_ADMIN_KEY)).status).toBe(204);
    expect((await t.api('GET', '/v1/kinds', undefined, acmeKey)).status).toBe(401);
    expect((await t.api('GET', '/v1/kinds', undefined, second.body.apiKey)).status).toBe(200);
  });
});

describe('operations', () => {
  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    expect((await t.api('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await t.api('GET', '/readyz')).body).toMatchObject({ status: 'ready' });
    const metrics = await t.api('GET', '/metrics');
    expect(metrics.body).toContain('tayori_deliveries{');
    expect(metrics.body).toContain('tayori_http_requests_total');
    const doc = await t.api('GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/events', '/v1/users/{userId}/connections/slack', '/v1/orgs']));
    const page = await fetch(`${t.url}/docs`);
    expect(await page.text()).toContain('/v1/events');
  });
});
