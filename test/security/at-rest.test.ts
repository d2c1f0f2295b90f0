import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatworkEmulator } from '../../emulators/chatwork/server.js';
import { SlackEmulator } from '../../emulators/slack/server.js';
import { TeamsEmulator } from '../../emulators/teams/server.js';
import { SecretBox } from '../../src/security/secret-box.js';
import { filesContaining } from '../helpers/files.js';
import { ON_DISK_API_KEY, startOnDiskTayori, type OnDiskTayori } from '../helpers/on-disk.js';
import { spawnTayori } from '../helpers/process.js';
import { openPageSession } from '../helpers/session.js';
import { eventually } from '../helpers/tayori.js';

/**
 * No secret in plain text at rest: the flows of all three services on the embedded database in a data
 * directory (saves, deliveries, a retry, test sends, failed sends, broken connections, the settings
 * pages, bad input carrying secrets), then every file of the data directory, every log line (debug),
 * every API answer and page, and the output of `tayori keys rotate` are searched for every secret used:
 * org and platform keys, tokens, whole webhook URLs and their secret parts, session ids, form and
 * sign-in tokens. Only hashes and sealed values may be stored.
 */
const ADMIN_KEY = 'at-rest-platform-key-0123456789abcdefghijkl';
let slack: SlackEmulator;
let teams: TeamsEmulator;
let cw: ChatworkEmulator;
let t: OnDiskTayori;
const secrets = new Map<string, string>();
/** Secrets whose whole point is to be handed out: the sign-in link in its API answer, the form token in its page. */
const handedOut = new Set<string>();
const pages: string[] = [];
const keep = (what: string, value: string, options: { handedOut?: boolean } = {}) => {
  secrets.set(value, what);
  if (options.handedOut) handedOut.add(value);
};
const api = (method: string, path: string, body?: unknown) => t.api(method, path, body);

const keepHook = (url: string) => {
  keep('Slack webhook URL', url);
  keep('Slack webhook secret', new URL(url).pathname.split('/').pop()!);
  return url;
};
const keepWorkflow = (url: string) => {
  keep('Teams workflow URL', url);
  keep('Teams signature', new URL(url).searchParams.get('sig')!);
  keep('Teams workflow path', new URL(url).pathname);
  return url;
};

async function settled(eventId: string) {
  return eventually(async () => {
    const d = (await api('GET', `/v1/events/${eventId}`)).body.deliveries as { service: string; status: string; lastReason: string | null }[];
    expect(d.some((x) => x.status === 'queued' || x.status === 'sending')).toBe(false);
    return Object.fromEntries(d.map((x) => [x.service, `${x.status}${x.lastReason ? ` ${x.lastReason}` : ''}`]));
  }, 15_000);
}

beforeAll(async () => {
  [slack, teams, cw] = await Promise.all([SlackEmulator.start({ ratePerWindow: 1000 }), TeamsEmulator.start(), ChatworkEmulator.start()]);
  t = await startOnDiskTayori({
    TAYORI_EXTRA_WEBHOOK_ORIGINS: `${slack.url},${teams.url}`,
    TAYORI_CHATWORK_API_URL: cw.apiUrl,
    TAYORI_ADMIN_API_KEY: ADMIN_KEY,
    TAYORI_RETRY_SCHEDULE: '100ms,100ms',
  });
  keep('org API key (bootstrap)', ON_DISK_API_KEY);
  keep('platform key', ADMIN_KEY);
});
afterAll(async () => {
  await t?.close();
  await Promise.all([slack?.close(), teams?.close(), cw?.close()]);
});

describe('secrets at rest', () => {
  it('flows on every service leave no secret in the data directory, the logs or any answer', async () => {
    const created = (await (
      await fetch(`${t.tayori.url}/v1/orgs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'org-b', name: 'B社' }),
      })
    ).json()) as { apiKey: string };
    keep('org API key (issued)', created.apiKey);
    expect((await fetch(`${t.tayori.url}/v1/kinds`, { headers: { authorization: `Bearer ${created.apiKey}` } })).status).toBe(200);

    await api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿' } });
    await api('PUT', '/v1/users/u1', { name: '山田 太郎', email: 'yamada@example.co.jp' });

    // Slack: saved, delivered after one 503, tested, then the webhook dies: a failed send breaks it.
    const hook = keepHook(slack.createWebhook('#現場'));
    expect((await api('PUT', '/v1/users/u1/connections/slack', { webhookUrl: hook, memberId: 'U0123ABCD' })).status).toBe(200);
    // Teams: saved, delivered, tested.
    const workflow = keepWorkflow(teams.createWorkflow({ channel: '現場' }));
    expect((await api('PUT', '/v1/users/u1/connections/teams', { webhookUrl: workflow, mention: { id: 'yamada@example.co.jp' } })).status).toBe(200);
    // Chatwork: a token checked against the API when saved, delivered.
    const bot = cw.createAccount('通知用');
    const you = cw.createAccount('山田');
    cw.connect(you.accountId, bot.accountId);
    const room = cw.createRoom('通知', [you.accountId, bot.accountId]);
    keep('Chatwork API token', bot.apiToken);
    expect((await api('PUT', '/v1/users/u1/connections/chatwork', { apiToken: bot.apiToken, roomId: String(room), toAccountId: String(you.accountId) })).status).toBe(200);

    slack.script.failNext(503, { body: `upstream error for ${hook}` });
    expect((await api('POST', '/v1/events', { id: 'e-1', kind: 'mention', title: '見積書', recipients: ['u1'] })).status).toBe(202);
    expect(await settled('e-1')).toEqual({ slack: 'delivered', teams: 'delivered', chatwork: 'delivered' });
    for (const service of ['slack', 'teams', 'chatwork']) expect((await api('POST', `/v1/users/u1/connections/${service}/test`)).body).toEqual({ ok: true });

    // Services that answer with the secret in their error body: the attempt log keeps a redacted excerpt.
    const slackSecret = new URL(hook).pathname.split('/').pop()!;
    slack.script.failNext(400, { body: `invalid_payload for ${slackSecret}` });
    cw.script.failNext(400, { body: `{"errors":["bad token ${bot.apiToken}"]}`, contentType: 'application/json' });
    teams.script.failNext(400, { body: `{"error":{"code":"InvalidRequestContent","message":"sig=${new URL(workflow).searchParams.get('sig')} ${workflow}"}}`, contentType: 'application/json' });
    await api('POST', '/v1/events', { id: 'e-2', kind: 'mention', title: '失敗する送信', recipients: ['u1'] });
    expect(await settled('e-2')).toEqual({ slack: 'failed bad_request:http_400', teams: 'failed bad_request:InvalidRequestContent', chatwork: 'failed bad_request:bad_request' });

    // Broken connections: the webhook deleted, the workflow turned off, the token revoked.
    slack.breakWebhook(hook, 'no_service');
    teams.disableWorkflow(workflow);
    cw.revokeToken(bot.apiToken);
    await api('POST', '/v1/events', { id: 'e-3', kind: 'mention', title: '壊れた連携', recipients: ['u1'] });
    expect(await settled('e-3')).toEqual({
      slack: 'failed not_found:no_service',
      teams: 'failed not_found:WorkflowTriggerIsNotEnabled',
      chatwork: 'failed auth:invalid_token',
    });
    expect((await api('GET', '/v1/users/u1/notices')).body.notices).toHaveLength(3);

    // Bad input that carries secrets: refused, and the answer does not repeat them.
    const canaries = ['CANARYslackSECRET0001', 'CANARYteamsSIG0002', 'CANARY token 0003'];
    canaries.forEach((c) => keep('secret in refused input', c));
    const refused = [
      await api('PUT', '/v1/users/u1/connections/slack', { webhookUrl: `https://evil.example/services/T1/B1/${canaries[0]}` }),
      await api('PUT', '/v1/users/u1/connections/slack', { webhookUrl: `https://hooks.slack.com/services/T1/B1/${canaries[0]}/extra/${'x'.repeat(3000)}` }),
      await api('PUT', '/v1/users/u1/connections/teams', { webhookUrl: `https://evil.example/workflows/a/triggers/manual/paths/invoke?sig=${canaries[1]}` }),
      await api('PUT', '/v1/users/u1/connections/teams', { webhookUrl: `https://x.webhook.office.com/webhookb2/${canaries[1]}` }),
      await api('PUT', '/v1/users/u1/connections/chatwork', { apiToken: canaries[2], roomId: String(room) }),
    ];
    expect(refused.map((r) => r.status)).toEqual([422, 422, 422, 422, 422]);

    // The settings pages: a session, its form token, the sign-in token; a form saving a new webhook.
    const session = await openPageSession({ url: t.tayori.url!, api: t.api }, 'u1');
    keep('session id', session.cookie.split('=')[1]!);
    keep('form token', session.csrf, { handedOut: true });
    const link = (await api('POST', '/v1/users/u1/sign-in-links', {})).body.url as string;
    keep('sign-in token', new URL(link).searchParams.get('token')!, { handedOut: true });
    expect((await fetch(`${t.tayori.url}${new URL(link).pathname}${new URL(link).search}`, { redirect: 'manual' })).status).toBe(303);
    const fresh = keepHook(slack.createWebhook('#新しい'));
    expect((await session.post('/settings/services/slack', { enabled: 'on', webhookUrl: fresh })).status).toBe(303);
    const bad = await session.post('/settings/services/slack', { enabled: 'on', webhookUrl: `https://evil.example/services/T1/B1/${canaries[0]}` });
    expect(bad.status).toBe(422);
    pages.push(bad.html);
    for (const path of ['/settings', '/settings/services', '/settings/services/slack', '/settings/services/teams', '/settings/services/chatwork', '/settings/history']) {
      pages.push((await session.get(path)).html);
    }

    await t.tayori.close();
    const rotate = spawnTayori(['keys', 'rotate'], { PORT: '1', TAYORI_DATA_DIR: t.dataDir });
    expect(await rotate.exited).toBe(0);
    const key = readFileSync(join(t.dataDir, 'secret.key'), 'utf8').trim();
    keep('TAYORI secret key', key);

    const logs = [...t.logs, rotate.output()].join('\n');
    const answers = [...t.answers, ...pages].join('\n');
    const found: string[] = [];
    for (const [value, what] of secrets) {
      if (logs.includes(value)) found.push(`${what} in the logs`);
      if (answers.includes(value) && !handedOut.has(value)) found.push(`${what} in an answer or page`);
      const files = filesContaining(t.dataDir, value).filter((f) => !(what === 'TAYORI secret key' && f.endsWith('secret.key')));
      if (files.length > 0) found.push(`${what} in ${files.join(', ')}`);
    }
    expect(found).toEqual([]);
    // No answer holds a sealed value either (the format of any of them, with either key).
    expect(answers).not.toMatch(/\bv1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+\./);
    expect(new SecretBox(key).currentKeyId).toMatch(/^[0-9a-f]{8}$/);

    // The method finds what is there: the e-mail, the sealed values and the logs' request lines.
    expect(filesContaining(t.dataDir, 'yamada@example.co.jp').length).toBeGreaterThan(0);
    expect(filesContaining(t.dataDir, `v1.${new SecretBox(key).currentKeyId}.`).length).toBeGreaterThan(0);
    expect(logs).toContain('"route":"/v1/users/:userId/connections/slack"');
    expect(secrets.size).toBe(18);
  }, 90_000);
});
