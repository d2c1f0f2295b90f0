import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatworkEmulator } from '../../emulators/chatwork/server.js';
import { SlackEmulator } from '../../emulators/slack/server.js';
import { TeamsEmulator } from '../../emulators/teams/server.js';
import { exampleValue, fillPath, loadApiRoutes, type ApiDocument, type ApiRoute } from '../helpers/openapi.js';
import { rawRequest } from '../helpers/raw-http.js';
import { openPageSession } from '../helpers/session.js';
import { eventually, startTestTayori, TEST_ADMIN_KEY, TEST_API_KEY, type TestTayori } from '../helpers/tayori.js';

/**
 * Org B's key against every org route of the OpenAPI document, with org A's ids in paths, filters and
 * cursors: nothing of A is read, changed or sent to. Routes come from /openapi.json, so a route added
 * later is covered without touching this file. Org A's data is recognised by markers: values B never
 * sends (names, titles, delivery and notice ids), checked in every answer B gets.
 */
let t: TestTayori;
let slack: SlackEmulator;
let teams: TeamsEmulator;
let cw: ChatworkEmulator;
let api: ApiDocument;
let keyB: string;
let prefixB: string;

const A_USERS = ['alice', 'carol'];
const A_EVENT = 'a-evt-1';
const a = { hooks: [] as string[], workflow: '', room: 0, deliveries: [] as string[], notices: [] as string[] };
const MARKERS = ['アリス(A社の秘密)', 'キャロル(A社の秘密)', 'alice@a-corp.example', 'carol@a-corp.example', 'A社だけの種類', 'A社: 自分宛て', 'A社の機密タイトル', 'A社の本文', 'UALICEA01', 'アリスの通知用'];
const markers = () => [...MARKERS, ...a.deliveries, ...a.notices];

/** What B's answers may not hold: A's markers, except those B itself sent (a 404 may echo the id it was asked for). */
function leaks(sent: string, answer: string): string[] {
  return markers().filter((m) => answer.includes(m) && !sent.includes(m));
}

/** Everything org A can see of itself, through its own key: must be the same after B's attempts. */
async function snapshotA() {
  const get = async (path: string) => (await t.api('GET', path)).body;
  const perUser = async (suffix: string) => Promise.all(A_USERS.map((u) => get(`/v1/users/${u}${suffix}`)));
  return {
    kinds: await get('/v1/kinds'),
    users: await perUser(''),
    connections: await perUser('/connections'),
    preferences: await perUser('/preferences'),
    notices: await perUser('/notices'),
    deliveries: await get('/v1/deliveries?limit=200'),
    event: await get(`/v1/events/${A_EVENT}`),
  };
}

/** Messages A's destinations received: B must add none. */
const sentToA = () => ({
  slack: a.hooks.map((h) => slack.messagesFor(h).length),
  teams: teams.runsFor(a.workflow).length,
  chatwork: cw.messagesIn(a.room).length,
});

beforeAll(async () => {
  [slack, teams, cw] = await Promise.all([SlackEmulator.start({ ratePerWindow: 1000 }), TeamsEmulator.start(), ChatworkEmulator.start()]);
  t = await startTestTayori({ env: { TAYORI_EXTRA_WEBHOOK_ORIGINS: `${slack.url},${teams.url}`, TAYORI_CHATWORK_API_URL: cw.apiUrl } });
  api = await loadApiRoutes(t.url);
  const created = await t.api('POST', '/v1/orgs', { id: 'org-b', name: 'B社' }, TEST_ADMIN_KEY);
  keyB = created.body.apiKey;
  prefixB = created.body.prefix;

  // Org A: users, kinds, connections on all three services, events, a failed delivery, a notice, a sign-in link.
  await t.api('PUT', '/v1/kinds/mention', { label: { ja: 'A社: 自分宛て' } });
  await t.api('PUT', '/v1/kinds/a_only', { label: { ja: 'A社だけの種類' } });
  await t.api('PUT', '/v1/users/alice', { name: 'アリス(A社の秘密)', email: 'alice@a-corp.example', role: 'admin' });
  await t.api('PUT', '/v1/users/carol', { name: 'キャロル(A社の秘密)', email: 'carol@a-corp.example' });
  a.hooks = [slack.createWebhook('#a-alice'), slack.createWebhook('#a-carol')];
  a.workflow = teams.createWorkflow({ channel: 'A社' });
  const bot = cw.createAccount('アリスの通知用');
  const you = cw.createAccount('アリス');
  cw.connect(you.accountId, bot.accountId);
  a.room = cw.createRoom('A社の通知', [you.accountId, bot.accountId]);
  const saves = [
    await t.api('PUT', '/v1/users/alice/connections/slack', { webhookUrl: a.hooks[0], memberId: 'UALICEA01' }),
    await t.api('PUT', '/v1/users/alice/connections/teams', { webhookUrl: a.workflow, mention: { id: 'alice@a-corp.example' } }),
    await t.api('PUT', '/v1/users/alice/connections/chatwork', { apiToken: bot.apiToken, roomId: String(a.room), toAccountId: String(you.accountId) }),
    await t.api('PUT', '/v1/users/carol/connections/slack', { webhookUrl: a.hooks[1] }),
  ];
  expect(saves.map((s) => s.status)).toEqual([200, 200, 200, 200]);
  await t.api('PUT', '/v1/users/alice/preferences', { slack: ['mention', 'a_only'], teams: ['mention'], chatwork: ['mention'] });
  slack.breakWebhook(a.hooks[1]!, 'no_service');
  const accepted = await t.api('POST', '/v1/events', { id: A_EVENT, kind: 'mention', title: 'A社の機密タイトル', body: 'A社の本文', recipients: A_USERS });
  expect(accepted.body.deliveries).toHaveLength(4);
  const finished = await eventually(async () => {
    const d = (await t.api('GET', `/v1/events/${A_EVENT}`)).body.deliveries as { id: string; status: string }[];
    expect(d.map((x) => x.status).sort()).toEqual(['delivered', 'delivered', 'delivered', 'failed']);
    return d;
  });
  a.deliveries = finished.map((d) => d.id);
  a.notices = (await t.api('GET', '/v1/users/carol/notices')).body.notices.map((n: { id: string }) => n.id);
  expect(a.notices).toHaveLength(1);
  expect((await t.api('POST', '/v1/users/alice/sign-in-links')).status).toBe(201);

  // Org B: its own kind, users (one with an id A also uses) and a connection.
  await t.api('PUT', '/v1/kinds/mention', { label: { ja: 'B社: 自分宛て' } }, keyB);
  for (const id of ['bob', 'shared']) await t.api('PUT', `/v1/users/${id}`, { name: `B社の${id}` }, keyB);
  await t.api('PUT', '/v1/users/bob/connections/slack', { webhookUrl: slack.createWebhook('#b-bob') }, keyB);
}, 60_000);

afterAll(async () => {
  await t?.close();
  await Promise.all([slack?.close(), teams?.close(), cw?.close()]);
});

const base64url = (s: string) => Buffer.from(s).toString('base64url');

/** Every way to name A's things in this route: each A id in each path parameter, and in each query filter. */
function bindings(route: ApiRoute): { path: string; query: string }[] {
  const values: Record<string, string[]> = {
    userId: A_USERS,
    service: ['slack', 'teams', 'chatwork'],
    kind: ['a_only', 'mention'],
    id: route.path.startsWith('/v1/events') ? [A_EVENT] : route.path.includes('/notices/') ? a.notices : a.deliveries,
  };
  let paths = [route.path];
  for (const p of route.pathParams) {
    paths = paths.flatMap((path) => (values[p] ?? ['x']).map((v) => path.replace(`{${p}}`, encodeURIComponent(v))));
  }
  const queries = [''];
  for (const q of route.queryParams) {
    if (q.name === 'userId') queries.push(...A_USERS.map((u) => `?userId=${u}`));
    if (q.name === 'eventId') queries.push(`?eventId=${A_EVENT}`);
    if (q.name === 'cursor') queries.push(...[...a.deliveries, 'ffffffff-ffff-7fff-bfff-ffffffffffff'].map((id) => `?cursor=${base64url(id)}`));
  }
  return paths.flatMap((path) => queries.map((query) => ({ path, query })));
}

/** A valid body for B's request, so the route does its work instead of stopping at validation. */
function bodyFor(route: ApiRoute): unknown {
  const known: Record<string, unknown> = {
    'PUT /v1/users/{userId}': { name: 'B社が作った同じID' },
    'PUT /v1/kinds/{kind}': { label: { ja: 'B社の種類' } },
    'PUT /v1/users/{userId}/preferences': { slack: ['mention'] },
    'PUT /v1/users/{userId}/connections/slack': { webhookUrl: slack.createWebhook('#b') },
    'PUT /v1/users/{userId}/connections/teams': { webhookUrl: teams.createWorkflow({ channel: 'B社' }) },
    // Verification fails for a token Chatwork does not know: B learns nothing of A either way.
    'PUT /v1/users/{userId}/connections/chatwork': { apiToken: 'b'.repeat(32), roomId: String(a.room) },
    // The same event id as A's: B gets its own event, never A's "duplicate".
    'POST /v1/events': { id: A_EVENT, kind: 'mention', title: 'B社のイベント', recipients: [...A_USERS, { userId: 'alice', kind: 'mention' }] },
    'POST /v1/users/{userId}/sign-in-links': {},
  };
  const key = `${route.method} ${route.path}`;
  return key in known ? known[key] : route.body ? exampleValue(api.doc, route.body) : undefined;
}

async function callAsB(route: ApiRoute, b: { path: string; query: string }) {
  const body = bodyFor(route);
  const res = await fetch(`${t.url}${b.path}${b.query}`, {
    method: route.method,
    headers: { authorization: `Bearer ${keyB}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const sent = `${b.path}${b.query}${JSON.stringify(body) ?? ''}`;
  return { status: res.status, text, sent, label: `${route.method} ${b.path}${b.query}` };
}

describe("org B's key against every org route with org A's ids", () => {
  let before: Awaited<ReturnType<typeof snapshotA>>;
  let sentBefore: ReturnType<typeof sentToA>;
  const orgRoutes = () => api.routes.filter((r) => r.auth === 'org');

  beforeAll(async () => {
    before = await snapshotA();
    sentBefore = sentToA();
  });

  it('the markers are real: A sees every one of them through its own key', () => {
    const own = JSON.stringify(before);
    for (const m of markers().filter((m) => m !== 'アリスの通知用')) expect(own, m).toContain(m);
    expect(own).toContain('アリスの通知用'); // the Chatwork sender's name, learnt when A's connection was saved
    expect(orgRoutes().length).toBeGreaterThanOrEqual(20);
  });

  it('before B has any user of the same id: every route naming A ids is a 404, lists are empty, events skip', async () => {
    // Reads first: B's own event of the same id (created by POST /v1/events) is B's to see.
    const order = ['GET', 'DELETE', 'POST'];
    const routes = orgRoutes()
      .filter((r) => r.method !== 'PUT')
      .sort((x, y) => order.indexOf(x.method) - order.indexOf(y.method) || Number(x.path === '/v1/events') - Number(y.path === '/v1/events'));
    for (const route of routes) {
      for (const b of bindings(route)) {
        const r = await callAsB(route, b);
        expect(leaks(r.sent, r.text), r.label).toEqual([]);
        if (route.pathParams.length > 0) {
          expect(r.status, `${r.label} → ${r.text}`).toBe(404);
        } else {
          expect(r.status, `${r.label} → ${r.text}`).toBeLessThan(300);
        }
        if (route.method === 'POST' && route.path === '/v1/events') {
          const body = JSON.parse(r.text);
          expect(body.duplicate).toBeUndefined();
          expect(body.deliveries).toEqual([]);
          expect(body.skipped).toEqual([
            { userId: 'alice', reason: 'unknown_user' },
            { userId: 'carol', reason: 'unknown_user' },
          ]);
        }
        if (route.method === 'GET' && route.path === '/v1/deliveries') {
          expect(JSON.parse(r.text).deliveries, r.label).toEqual([]);
        }
      }
    }
  }, 60_000);

  it('B may create its own things under the same ids; A is untouched', async () => {
    for (const route of orgRoutes().filter((r) => r.method === 'PUT')) {
      for (const b of bindings(route)) {
        const r = await callAsB(route, b);
        expect(r.status, `${r.label} → ${r.text}`).toBeLessThan(500);
        expect(leaks(r.sent, r.text), r.label).toEqual([]);
      }
    }
    expect((await t.api('GET', '/v1/users/alice', undefined, keyB)).body.user.name).toBe('B社が作った同じID');
  }, 60_000);

  it("once B has users of the same ids, every route still shows only B's own data", async () => {
    for (const route of orgRoutes().filter((r) => r.method !== 'PUT' && r.method !== 'DELETE')) {
      for (const b of bindings(route)) {
        const r = await callAsB(route, b);
        expect(r.status, `${r.label} → ${r.text}`).toBeLessThan(500);
        expect(leaks(r.sent, r.text), r.label).toEqual([]);
      }
    }
    for (const route of orgRoutes().filter((r) => r.method === 'DELETE')) {
      for (const b of bindings(route)) expect((await callAsB(route, b)).status).toBeLessThan(500);
    }
  }, 60_000);

  it("A's data and destinations are exactly as before", async () => {
    expect(await snapshotA()).toEqual(before);
    expect(sentToA()).toEqual(sentBefore);
  });
});

describe('settings pages', () => {
  it("a session of B's user, even one with A's user id, never shows A's data", async () => {
    await t.api('PUT', '/v1/users/alice', { name: 'B社のalice' }, keyB);
    await t.api('PUT', '/v1/users/alice/connections/slack', { webhookUrl: slack.createWebhook('#b-alice') }, keyB);
    for (const user of ['alice', 'shared']) {
      const session = await openPageSession(t, user, keyB);
      const paths = ['/settings', '/settings/services', '/settings/services/slack', '/settings/services/teams', '/settings/services/chatwork', '/settings/history'];
      for (const id of a.deliveries) paths.push(`/settings/history?before=${id}`);
      for (const path of paths) {
        const page = await session.get(path);
        expect(page.status, path).toBe(200);
        expect(leaks(path, page.html), `${user} ${path}`).toEqual([]);
      }
    }
    // The same pages for A's alice show A's data: the check is not vacuous.
    const own = await openPageSession(t, 'alice');
    expect((await own.get('/settings/history')).html).toContain('A社の機密タイトル');
  });
});

describe('keys', () => {
  it('the platform routes take only the platform key: org keys, no key and a wrong key get 401', async () => {
    const platform = api.routes.filter((r) => r.auth === 'platform');
    expect(platform.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/orgs', 'POST /v1/orgs/{id}/api-keys', 'DELETE /v1/orgs/{id}/api-keys/{prefix}']);
    for (const route of platform) {
      const path = fillPath(route.path, { id: 'org-b', prefix: prefixB });
      for (const key of [TEST_API_KEY, keyB, '', 'x'.repeat(40), `${TEST_ADMIN_KEY}x`, TEST_ADMIN_KEY.slice(0, -1)]) {
        const r = await t.api(route.method, path, route.method === 'POST' && route.path === '/v1/orgs' ? { id: 'org-c', name: 'C' } : undefined, key);
        expect(r.status, `${route.method} ${path} with ${key.slice(0, 8)}`).toBe(401);
      }
    }
    expect((await t.api('POST', '/v1/orgs', { id: 'org-c', name: 'C' })).status).toBe(401);
    // Spellings of the same path do not slip past the platform check into the route.
    for (const path of ['/v1/orgs/', '/v1/./orgs', '/v1/x/../orgs', '/v1/%6frgs', '/v1//orgs', '/V1/orgs', '/v1/orgs;x', '/v1/orgs%2F', '//v1/orgs', '/v1%2Forgs']) {
      const r = await rawRequest(t.url, { method: 'POST', path, headers: { authorization: `Bearer ${keyB}`, 'content-type': 'application/json' }, body: '{"id":"org-evil","name":"x"}' });
      expect([401, 404], `${path} → ${r.status}`).toContain(r.status);
    }
    expect((await t.api('POST', '/v1/orgs', { id: 'org-evil', name: 'x' }, TEST_ADMIN_KEY)).status).toBe(201);
  });

  it('a revoked key stops working on every route at once; the key issued in its place works', async () => {
    const second = await t.api('POST', '/v1/orgs/org-b/api-keys', undefined, TEST_ADMIN_KEY);
    expect(second.status).toBe(201);
    expect((await t.api('DELETE', `/v1/orgs/org-b/api-keys/${prefixB}`, undefined, TEST_ADMIN_KEY)).status).toBe(204);
    for (const route of api.routes.filter((r) => r.auth === 'org')) {
      const path = fillPath(route.path, { userId: 'bob', service: 'slack', kind: 'mention', id: a.deliveries[0]! });
      const r = await t.api(route.method, path, bodyFor(route), keyB);
      expect(r.status, `${route.method} ${path}`).toBe(401);
    }
    expect((await t.api('GET', '/v1/users/bob', undefined, second.body.apiKey)).status).toBe(200);
    // A's key was never affected.
    expect((await t.api('GET', '/v1/users/alice')).body.user.name).toBe('アリス(A社の秘密)');
  });

  it('an API key is shown once: no answer repeats it', async () => {
    const created = await t.api('POST', '/v1/orgs', { id: 'org-d', name: 'D' }, TEST_ADMIN_KEY);
    const key: string = created.body.apiKey;
    const answers: string[] = [];
    for (const route of api.routes.filter((r) => r.method === 'GET' && r.pathParams.length === 0)) {
      answers.push(JSON.stringify((await t.api('GET', route.path, undefined, key)).body));
    }
    answers.push(JSON.stringify((await t.api('POST', '/v1/orgs/org-d/api-keys', undefined, TEST_ADMIN_KEY)).body));
    for (const text of answers) expect(text).not.toContain(key.slice(13));
  });

  it('without TAYORI_ADMIN_API_KEY the platform routes are off (403) for every key', async () => {
    const off = await startTestTayori({ workers: 0, env: { TAYORI_ADMIN_API_KEY: '' } });
    try {
      for (const key of [TEST_ADMIN_KEY, TEST_API_KEY, '']) {
        const r = await off.api('POST', '/v1/orgs', { id: 'x', name: 'x' }, key);
        expect(r.status).toBe(403);
        expect(r.body.error.code).toBe('platform_disabled');
      }
    } finally {
      await off.close();
    }
  });
});
