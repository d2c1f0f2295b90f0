import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatworkEmulator } from '../../emulators/chatwork/server.js';
import { listen, send, type Listening } from '../../emulators/kit/http.js';
import type { FaultScript } from '../../emulators/kit/script.js';
import { SlackEmulator } from '../../emulators/slack/server.js';
import { TeamsEmulator } from '../../emulators/teams/server.js';
import type { Channel, Target } from '../../src/channels/channel.js';
import { createChatworkChannel } from '../../src/channels/chatwork/channel.js';
import { DEFAULT_TIMEOUT_MS } from '../../src/channels/http.js';
import { createSlackChannel } from '../../src/channels/slack/channel.js';
import { createTeamsChannel } from '../../src/channels/teams/channel.js';
import { secretsContext } from '../../src/store/repositories/connections.js';
import { sampleMessage } from '../channels/contract.js';
import { eventually, startTestTayori, type TestTayori } from '../helpers/tayori.js';

/**
 * What Tayori sends requests to, and how: only the allowed hosts (checked again at send time, even for
 * a URL changed in the database), never a redirect's Location, never longer than the channel's own
 * deadline whatever the caller's signal says, and never more of an answer than 64 KiB.
 */

/** A host that is not allowed: it records anything that reaches it. */
let elsewhere: Listening;
const reachedElsewhere: string[] = [];

beforeAll(async () => {
  elsewhere = await listen((req, res) => {
    reachedElsewhere.push(`${req.method} ${req.url}`);
    send(res, 200, 'text/plain', 'ok');
  });
});
afterAll(async () => {
  await elsewhere?.close();
});

interface Fixture {
  channel: Channel;
  target: Target;
  script: FaultScript;
  /** What a redirect means for this service: a dead webhook, or the operator's API base setting. */
  redirectReason: 'not_found' | 'bad_request';
  close(): Promise<void>;
}

/** Channels with a short deadline of their own; the caller's signal below never fires. */
const TIMEOUT_MS = 400;
const fixtures: Record<string, () => Promise<Fixture>> = {
  slack: async () => {
    const emu = await SlackEmulator.start({ ratePerWindow: 1000 });
    const channel = createSlackChannel({ extraWebhookOrigins: [emu.url], timeoutMs: TIMEOUT_MS });
    return { channel, target: { config: {}, secrets: { webhookUrl: emu.createWebhook() } }, script: emu.script, redirectReason: 'not_found', close: () => emu.close() };
  },
  teams: async () => {
    const emu = await TeamsEmulator.start();
    const channel = createTeamsChannel({ extraWebhookOrigins: [emu.url], timeoutMs: TIMEOUT_MS });
    return { channel, target: { config: {}, secrets: { webhookUrl: emu.createWorkflow() } }, script: emu.script, redirectReason: 'not_found', close: () => emu.close() };
  },
  chatwork: async () => {
    const emu = await ChatworkEmulator.start();
    const account = emu.createAccount('通知用');
    const room = emu.createRoom('通知', [account.accountId]);
    const channel = createChatworkChannel({ apiUrl: emu.apiUrl, timeoutMs: TIMEOUT_MS });
    return { channel, target: { config: { roomId: String(room) }, secrets: { apiToken: account.apiToken } }, script: emu.script, redirectReason: 'bad_request', close: () => emu.close() };
  },
};

describe.each(Object.keys(fixtures))('%s channel', (name) => {
  let f: Fixture;
  const neverAborts = new AbortController().signal;
  beforeAll(async () => {
    f = await fixtures[name]!();
  });
  afterAll(async () => {
    await f?.close();
  });

  it.each([301, 302, 303, 307, 308])('a %i to another host is not followed: a permanent failure that names no Location', async (status) => {
    reachedElsewhere.length = 0;
    const location = `${elsewhere.url}/services/T1/B1/stolen?sig=abc`;
    f.script.failNext(status, { headers: { location }, body: `<a href="${location}">Moved</a>` });
    const r = await f.channel.send(sampleMessage, f.target, neverAborts);
    expect(r).toMatchObject({ ok: false, retryable: false, reason: f.redirectReason, code: 'redirected', status });
    expect(JSON.stringify(r)).not.toContain(elsewhere.url);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reachedElsewhere).toEqual([]);
  });

  it('an answer that never ends is read up to 64 KiB only, and quickly', async () => {
    f.script.endlessNext(500);
    const started = Date.now();
    const r = await f.channel.send(sampleMessage, f.target, neverAborts);
    expect(r).toMatchObject({ ok: false, retryable: true, reason: 'server', status: 500 });
    expect(r.ok ? '' : r.detail.length).toBeLessThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // What the server got out before the connection closed: socket buffers, not the gigabyte it offered.
    expect(f.script.streamedBytes).toBeLessThan(32 * 1024 * 1024);
  });

  it('a server that trickles a byte at a time is cut off by the channel deadline, though the caller never aborts', async () => {
    f.script.trickleNext(200, 20);
    const started = Date.now();
    const r = await f.channel.send(sampleMessage, f.target, neverAborts);
    expect(r).toMatchObject({ ok: false, retryable: true, reason: 'timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2_000);
  });

  it('a server that never answers is cut off the same way', async () => {
    f.script.hangNext();
    const r = await f.channel.send(sampleMessage, f.target, neverAborts);
    expect(r).toMatchObject({ ok: false, retryable: true, reason: 'timeout' });
  });
});

describe('deadlines', () => {
  it('every request has one by default (10 s): the channels are built with no override in production', () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(10_000);
    const main = readFileSync(join('src', 'main.ts'), 'utf8');
    expect(main).not.toMatch(/timeoutMs/);
  });
});

describe('stored destinations changed in the database', () => {
  let t: TestTayori;
  let slack: SlackEmulator;
  let teams: TeamsEmulator;
  let cw: ChatworkEmulator;

  beforeAll(async () => {
    [slack, teams, cw] = await Promise.all([SlackEmulator.start({ ratePerWindow: 1000 }), TeamsEmulator.start(), ChatworkEmulator.start()]);
    t = await startTestTayori({ env: { TAYORI_EXTRA_WEBHOOK_ORIGINS: `${slack.url},${teams.url}`, TAYORI_CHATWORK_API_URL: cw.apiUrl } });
    await t.api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛て' } });
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([slack?.close(), teams?.close(), cw?.close()]);
  });

  /** What someone with the database and the key could write: a sealed URL of their choosing. */
  async function storeSecrets(userId: string, service: string, secrets: Record<string, unknown>) {
    const sealed = t.tayori.ctx.secretBox.sealJson(secrets, secretsContext('default', userId, service));
    await t.database.db.updateTable('connections').set({ secrets: sealed }).where('org_id', '=', 'default').where('user_id', '=', userId).where('service', '=', service).execute();
  }

  async function deliver(eventId: string, userId: string) {
    expect((await t.api('POST', '/v1/events', { id: eventId, kind: 'mention', title: 'x', recipients: [userId] })).status).toBe(202);
    return eventually(async () => {
      const d = (await t.api('GET', `/v1/events/${eventId}`)).body.deliveries[0];
      expect(['failed', 'delivered', 'dead']).toContain(d.status);
      return d;
    });
  }

  it.each([
    ['slack', (u: string) => `${u}/services/T1/B1/x`],
    ['slack', (u: string) => `https://hooks.slack.com@${new URL(u).host}/services/T1/B1/x`],
    ['teams', (u: string) => `${u}/workflows/abc/triggers/manual/paths/invoke?sig=x`],
  ])('%s: a webhook URL rewritten to a host not allowed is refused at send time, and nothing reaches it', async (service, rewrite) => {
    const userId = `u-${service}-${reachedElsewhere.length}-${Math.random().toString(36).slice(2, 8)}`;
    await t.api('PUT', `/v1/users/${userId}`, { name: 'x' });
    const url = service === 'slack' ? slack.createWebhook() : teams.createWorkflow();
    expect((await t.api('PUT', `/v1/users/${userId}/connections/${service}`, { webhookUrl: url })).status).toBe(200);
    await t.api('PUT', `/v1/users/${userId}/preferences`, { [service]: ['mention'] });
    await storeSecrets(userId, service, { webhookUrl: rewrite(elsewhere.url) });
    reachedElsewhere.length = 0;
    const d = await deliver(`evt-${userId}`, userId);
    expect(d).toMatchObject({ status: 'failed', lastReason: 'bad_request:url_not_allowed' });
    expect(reachedElsewhere).toEqual([]);
  });

  it('chatwork: a room id rewritten into a path or a query is refused; only the API base is ever called', async () => {
    const account = cw.createAccount('通知用');
    const room = cw.createRoom('通知', [account.accountId]);
    await t.api('PUT', '/v1/users/u-cw', { name: 'x' });
    expect((await t.api('PUT', '/v1/users/u-cw/connections/chatwork', { apiToken: account.apiToken, roomId: String(room) })).status).toBe(200);
    await t.api('PUT', '/v1/users/u-cw/preferences', { chatwork: ['mention'] });
    for (const [i, roomId] of [`${room}/../../../evil`, `${room}?x=1`, '1@127.0.0.1', `${room}#`].entries()) {
      const row = await t.database.db.selectFrom('connections').select('config').where('user_id', '=', 'u-cw').executeTakeFirstOrThrow();
      await t.database.db.updateTable('connections').set({ config: JSON.stringify({ ...row.config, roomId }) }).where('user_id', '=', 'u-cw').execute();
      const before = cw.requests.length;
      const d = await deliver(`evt-cw-${i}`, 'u-cw');
      expect(d).toMatchObject({ status: 'failed', lastReason: 'bad_request:invalid_settings' });
      expect(cw.requests.length).toBe(before);
    }
  });
});

describe('outbound call sites', () => {
  /** Every source file: outbound HTTP may only happen in channels/http.ts (deadline, no redirects, cap). */
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) && !n.endsWith('.test.ts') ? [p] : [];
    });

  it('nothing but channels/http.ts imports an HTTP client; the CLI only asks the local server if it is up', () => {
    const local = join('src', 'local-server.ts');
    const offenders: string[] = [];
    for (const file of files('src')) {
      const text = readFileSync(file, 'utf8');
      const client = /from 'undici'|from 'node:https?'|require\('https?'\)|\bfetch\(/.test(text);
      if (client && file !== join('src', 'channels', 'http.ts') && file !== local) offenders.push(file);
    }
    expect(offenders).toEqual([]);
    const calls = readFileSync(local, 'utf8').split('\n').filter((l) => l.includes('fetch('));
    expect(calls).toEqual([expect.stringContaining('/healthz')]);
  });
});
