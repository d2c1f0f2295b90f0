import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatworkEmulator } from '../../emulators/chatwork/server.js';
import { SlackEmulator } from '../../emulators/slack/server.js';
import { TeamsEmulator } from '../../emulators/teams/server.js';
import { fillPath, loadApiRoutes, type ApiDocument, type ApiRoute } from '../helpers/openapi.js';
import { rawRequest, type RawAnswer } from '../helpers/raw-http.js';
import { startTestTayori, TEST_ADMIN_KEY, TEST_API_KEY, type TestTayori } from '../helpers/tayori.js';
import { openPageSession, type PageSession } from '../helpers/session.js';
import { bodyArb, contentTypeArb, hostileString, pct, queryArb, segmentArb } from './hostile.js';

/**
 * Random and hostile input at every route of the OpenAPI document (and the unlisted ones): never a
 * 5xx, every error in the `{error: {code, message}}` shape, and a healthy server afterwards.
 * Deterministic: a fixed seed (FUZZ_SEED to change it) and FUZZ_RUNS runs per route.
 */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261123);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 25);

/** Routes that the document does not list but a client can reach all the same. */
const UNLISTED: ApiRoute[] = ['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs', '/assets/docs.css', '/v1/{id}', '/{id}'].map((path) => ({
  method: 'GET',
  path,
  pathParams: path.includes('{id}') ? ['id'] : [],
  queryParams: [],
  body: undefined,
  auth: path.startsWith('/v1') ? 'org' : 'none',
}));

let t: TestTayori;
let slack: SlackEmulator;
let teams: TeamsEmulator;
let chatwork: ChatworkEmulator;
let api: ApiDocument;
const pools: Record<string, string[]> = {
  userId: ['u1', 'u2', 'ghost'],
  kind: ['mention', 'process_post'],
  service: ['slack', 'teams', 'chatwork', 'email', 'inbox', 'fax'],
  prefix: ['tyr_AAAAAAAA', 'key_00000000'],
  id: ['e1', 'default', '00000000-0000-7000-8000-000000000000'],
};

/** Known rows, so fuzzed requests reach deep into handlers; put back after each route (a DELETE may remove them). */
async function seed() {
  await t.api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿' } });
  for (const id of ['u1', 'u2']) await t.api('PUT', `/v1/users/${id}`, { name: id });
  await t.api('PUT', '/v1/users/u1/connections/slack', { webhookUrl: slack.createWebhook() });
  await t.api('PUT', '/v1/users/u2/connections/teams', { webhookUrl: teams.createWorkflow() });
  const event = await t.api('POST', '/v1/events', { id: 'e1', kind: 'mention', title: 't', recipients: ['u1', 'u2'] });
  for (const d of event.body.deliveries ?? []) if (!pools['id']!.includes(d.id)) pools['id']!.push(d.id);
}

beforeAll(async () => {
  [slack, teams, chatwork] = await Promise.all([SlackEmulator.start({ ratePerWindow: 100_000 }), TeamsEmulator.start(), ChatworkEmulator.start()]);
  t = await startTestTayori({
    workers: 0,
    env: { TAYORI_EXTRA_WEBHOOK_ORIGINS: `${slack.url},${teams.url}`, TAYORI_CHATWORK_API_URL: chatwork.apiUrl, LOG_LEVEL: 'warn' },
  });
  api = await loadApiRoutes(t.url);
  await seed();
});

afterAll(async () => {
  await t?.close();
  await Promise.all([slack?.close(), teams?.close(), chatwork?.close()]);
});

function authArb(route: ApiRoute) {
  const right = route.auth === 'platform' ? TEST_ADMIN_KEY : TEST_API_KEY;
  const wrong = route.auth === 'platform' ? TEST_API_KEY : TEST_ADMIN_KEY;
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant(`Bearer ${right}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(undefined, '', 'Bearer', 'Bearer ', 'Basic dXNlcjpwdw==', `Bearer ${wrong}`, `bearer   ${right}  `, `Bearer ${right} extra`, `Bearer ${'k'.repeat(4000)}`),
    },
  );
}

function requestArb(route: ApiRoute) {
  const segments = fc.record(Object.fromEntries(route.pathParams.map((p) => [p, segmentArb(p, pools)])));
  return fc.record({
    method: fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') }),
    segments,
    query: queryArb(route, api.doc, pools),
    auth: authArb(route),
    contentType: contentTypeArb,
    body: bodyArb(api.doc, route, pools),
  });
}

/** What every answer must be: no 5xx, and an error in the one shape (Node's own 431 for huge heads has no body). */
function checkAnswer(res: RawAnswer, method: string): void {
  expect(res.status, res.text.slice(0, 300)).toBeLessThan(500);
  if (res.status < 400 || method === 'HEAD' || res.status === 431) return;
  expect(String(res.headers['content-type'])).toContain('application/json');
  const body = JSON.parse(res.text) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code, res.text.slice(0, 300)).toBe('string');
  expect(typeof body.error?.message, res.text.slice(0, 300)).toBe('string');
}

/** fast-check prints the whole counterexample: a 200,000-deep body would bury the reason. */
function shorten(text: string): string {
  return text.replace(/(.{400})[^\n]{400,}/g, '$1…');
}

describe('fuzzing every route', () => {
  it('never answers 5xx and always in the error shape; the server stays healthy', async () => {
    const routes = [...api.routes, ...UNLISTED];
    expect(api.routes.length).toBeGreaterThanOrEqual(25);
    for (const [i, route] of routes.entries()) {
      const routeSeed = SEED + i;
      try {
        await fc.assert(
          fc.asyncProperty(requestArb(route), async (r) => {
            const headers: Record<string, string> = {};
            if (r.auth !== undefined) headers['authorization'] = r.auth;
            if (r.contentType !== undefined && r.body !== undefined) headers['content-type'] = r.contentType;
            const path = fillPath(route.path, r.segments) + r.query;
            checkAnswer(await rawRequest(t.url, { method: r.method, path, headers, body: r.body }), r.method);
          }),
          { seed: routeSeed, numRuns: RUNS, endOnFailure: true },
        );
      } catch (err) {
        throw new Error(`${route.method} ${route.path} (reproduce with FUZZ_SEED=${SEED}; this route's seed ${routeSeed}):\n${shorten(String(err))}\n${shorten(String((err as Error).cause ?? ''))}`, { cause: err });
      }
      await seed();
    }
    const ready = await t.api('GET', '/readyz');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect(t.logs.join('\n')).not.toContain('unhandled error');
  }, 120_000);
});

/** The settings pages' routes (not in the OpenAPI document): forms and queries from a signed-in browser. */
const PAGE_PATHS = ['/settings', '/settings/services', '/settings/services/{service}', '/settings/services/{service}/test', '/settings/history', '/settings/locale', '/settings/sign-in'];
const FORM_FIELDS = ['_csrf', 'enabled', 'services', 'slack', 'teams', 'chatwork', 'webhookUrl', 'memberId', 'apiToken', 'roomId', 'toAccountId', 'mention.id', 'mention.name', 'locale', 'return', 'token', 'before'];

describe('fuzzing the settings pages', () => {
  let session: PageSession;
  beforeAll(async () => {
    session = await openPageSession(t, 'u1');
  });

  it('never answers 5xx to forms and queries from a signed-in browser', async () => {
    const value = fc.oneof(hostileString, fc.constantFrom('on', 'mention', 'slack', 'en', '/settings', '//evil.example', 'https://hooks.slack.com/services/T1/B1/x', '12345'));
    const form = fc.array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FORM_FIELDS) }, { weight: 1, arbitrary: hostileString }), value), { maxLength: 8 });
    const request = fc.record({
      path: fc.constantFrom(...PAGE_PATHS),
      service: fc.oneof(fc.constantFrom('slack', 'teams', 'chatwork', 'email', 'fax'), hostileString.map(pct)),
      method: fc.constantFrom('GET', 'POST'),
      form,
      withToken: fc.boolean(),
      contentType: fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json', 'text/plain'),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const path = r.path.replace('{service}', r.service);
        const pairs = r.withToken ? [['_csrf', session.csrf], ...r.form] : r.form;
        const encoded = pairs.map(([k, v]) => `${pct(k!)}=${pct(v!)}`).join('&');
        const res =
          r.method === 'GET'
            ? await rawRequest(t.url, { method: 'GET', path: `${path}?${encoded}`, headers: { cookie: session.cookie } })
            : await rawRequest(t.url, { method: 'POST', path, headers: { cookie: session.cookie, 'content-type': r.contentType, origin: t.url }, body: encoded });
        expect(res.status, res.text.slice(0, 300)).toBeLessThan(500);
      }),
      { seed: SEED, numRuns: RUNS * 8, endOnFailure: true },
    );
    expect(t.logs.join('\n')).not.toContain('settings page error');
    expect((await session.get('/settings')).status).toBe(200);
  }, 60_000);
});
