import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsEmulator } from '../../emulators/teams/server.js';
import { startTestTayori, type TestTayori } from '../helpers/tayori.js';

let t: TestTayori;
let teams: TeamsEmulator;
const sig = (u: string) => new URL(u).searchParams.get('sig')!;

beforeAll(async () => {
  teams = await TeamsEmulator.start({ ratePerWindow: 1000 });
  // No workers: these tests look at the API alone; delivery has its own suites.
  t = await startTestTayori({ workers: 0, env: { TAYORI_EXTRA_WEBHOOK_ORIGINS: teams.url } });
  await t.api('PUT', '/v1/users/yamada', { name: '山田 太郎', email: 'yamada@example.co.jp' });
  await t.api('PUT', '/v1/users/smith', { name: 'Ann Smith', locale: 'en' });
});
afterAll(async () => {
  await t?.close();
  await teams?.close();
});

const put = (user: string, body: unknown) => t.api('PUT', `/v1/users/${user}/connections/teams`, body);
const fieldsOf = (r: { body: { error: { details: { fields: { field: string; message: string }[] } } } }) => r.body.error.details.fields;

describe('saving a Teams connection', () => {
  it('saves a Workflows URL and a UPN; the answer masks the URL and never holds the signature', async () => {
    const hook = teams.createWorkflow();
    const r = await put('yamada', { enabled: true, webhookUrl: hook, mention: { id: 'yamada@example.co.jp', name: '山田 太郎' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      service: 'teams',
      enabled: true,
      status: 'ok',
      config: { webhookUrl: `${teams.url}/…${hook.slice(-4)}`, mention: { id: 'yamada@example.co.jp', name: '山田 太郎' } },
    });
    const listed = await t.api('GET', '/v1/users/yamada/connections');
    for (const text of [JSON.stringify(r.body), JSON.stringify(listed.body)]) {
      expect(text).not.toContain(sig(hook));
      expect(text).not.toContain(new URL(hook).pathname);
    }
  });

  it('keeps the stored URL and mention when left out; null removes the mention', async () => {
    const kept = await put('yamada', { enabled: false });
    expect(kept.body).toMatchObject({ enabled: false, config: { mention: { id: 'yamada@example.co.jp' } } });
    const removed = await put('yamada', { enabled: true, mention: null });
    expect(removed.body.config).toMatchObject({ mention: null, webhookUrl: kept.body.config.webhookUrl });
  });

  it('accepts the powerplatform URL shape and a mention without a name', async () => {
    const r = await put('yamada', { webhookUrl: teams.createWorkflow({ shape: 'powerplatform' }), mention: { id: '6F1C2A3B-0000-4000-8000-00000000000A' } });
    expect(r.status).toBe(200);
    expect(r.body.config.mention).toEqual({ id: '6f1c2a3b-0000-4000-8000-00000000000a' });
  });

  it('refuses a retired connector URL with the explanation and the Workflows steps, in Japanese by default', async () => {
    const r = await put('yamada', { webhookUrl: 'https://contoso.webhook.office.com/webhookb2/1b2c@72f9/IncomingWebhook/8f1e/5a7c/V2ESyij' });
    expect(r.status).toBe(422);
    const [f] = fieldsOf(r);
    expect(f!.field).toBe('webhookUrl');
    expect(f!.message).toContain('2026年5月に廃止');
    expect(f!.message).toContain('「Webhook 要求を受信したらチャネルに投稿する」');
    expect(r.body.error.message).not.toContain('webhookb2');
  });

  it('refuses the older outlook.office.com connector URL in English for an English user', async () => {
    const r = await put('smith', { webhookUrl: 'https://outlook.office.com/webhook/1b2c@72f9/IncomingWebhook/8f1e/5a7c' });
    expect(r.status).toBe(422);
    expect(fieldsOf(r)[0]!.message).toMatch(/retired connectors in May 2026.*Workflows/);
  });

  it.each([
    ['a URL without its signature', (h: string) => h.replace(/&sig=[^&]+/, ''), /sig=/],
    ['a URL of another host', () => 'https://evil.example/workflows/0123/triggers/manual/paths/invoke?sig=x', /logic\.azure\.com/],
    ['plain http on Microsoft\'s host', (h: string) => h.replace(teams.url, 'http://prod-01.japaneast.logic.azure.com'), /https/],
    ['a Slack webhook', () => 'https://hooks.slack.com/services/T1/B1/x', /logic\.azure\.com/],
    ['not a URL', () => 'ワークフローのURL', /URLの形式/],
  ])('refuses %s, naming webhookUrl', async (_name, make, message) => {
    const r = await put('yamada', { webhookUrl: make(teams.createWorkflow()) });
    expect(r.status).toBe(422);
    expect(fieldsOf(r)).toEqual([{ field: 'webhookUrl', message: expect.stringMatching(message) }]);
  });

  it.each([
    [{ id: 'yamada' }, 'mention.id', /メールアドレス/],
    [{ name: '山田' }, 'mention.id', /メールアドレス/],
    [{ id: 'yamada@example.co.jp', name: '<at>boss</at>' }, 'mention.name', /「<」「>」/],
    [{ id: 'yamada@example.co.jp', name: 'あ'.repeat(101) }, 'mention.name', /100文字/],
    [{ id: 'yamada', name: '山田\n太郎' }, 'mention.id,mention.name', /./],
  ])('refuses mention %j, naming %s', async (mention, fields, message) => {
    const r = await put('yamada', { webhookUrl: teams.createWorkflow(), mention });
    expect(r.status).toBe(422);
    expect(fieldsOf(r).map((f) => f.field).join(',')).toBe(fields);
    expect(fieldsOf(r)[0]!.message).toMatch(message);
  });

  it('a malformed mention or unknown field is a 422 naming it, never a 500', async () => {
    for (const [body, field] of [
      [{ mention: 'yamada@example.co.jp' }, 'mention'],
      [{ mention: { id: 42 } }, 'mention.id'],
      [{ webhookUrl: 7 }, 'webhookUrl'],
      [{ memberId: 'U1' }, 'memberId'],
    ] as const) {
      const r = await put('yamada', body);
      expect(r.status).toBe(422);
      expect(fieldsOf(r)[0]!.field).toBe(field);
    }
  });

  it('a first save without a URL names webhookUrl', async () => {
    await t.api('PUT', '/v1/users/nourl', { name: 'No URL' });
    const r = await put('nourl', { mention: { id: 'a@example.com' } });
    expect(fieldsOf(r)).toEqual([{ field: 'webhookUrl', message: 'Webhook URLを入力してください。' }]);
  });
});

describe('the test button', () => {
  it('sends a real card that mentions the user, then explains a turned-off workflow', async () => {
    await t.api('PUT', '/v1/users/tester', { name: 'テスト 花子' });
    const hook = teams.createWorkflow({ channel: '通知' });
    await put('tester', { webhookUrl: hook, mention: { id: 'hanako@example.co.jp' } });
    const ok = await t.api('POST', '/v1/users/tester/connections/teams/test');
    expect(ok.body).toEqual({ ok: true });
    const [run] = await teams.waitForRuns(1, { url: hook });
    expect(run).toMatchObject({ status: 'Succeeded', mentions: [{ text: '<at>テスト 花子</at>', id: 'hanako@example.co.jp', name: 'テスト 花子' }] });
    expect(run!.texts.join('\n')).toContain('Tayori からのテスト通知です');

    teams.disableWorkflow(hook);
    const bad = await t.api('POST', '/v1/users/tester/connections/teams/test');
    expect(bad.body).toMatchObject({ ok: false, reason: 'not_found', code: 'WorkflowTriggerIsNotEnabled' });
    expect(bad.body.message).toContain('オンに戻す');
    const conn = await t.api('GET', '/v1/users/tester/connections/teams');
    expect(conn.body).toMatchObject({ status: 'broken', statusReason: 'not_found:WorkflowTriggerIsNotEnabled' });
    expect(conn.body.statusMessage).toContain('ワークフロー');
  });

  it('explains a forged signature in the user\'s language', async () => {
    const hook = teams.createWorkflow();
    await put('smith', { webhookUrl: hook.replace(/sig=[^&]+/, 'sig=copiedOnlyInPart') });
    const r = await t.api('POST', '/v1/users/smith/connections/teams/test');
    expect(r.body).toMatchObject({ ok: false, reason: 'auth', code: 'DirectApiAuthorizationRequired' });
    expect(r.body.message).toMatch(/signature \(sig=…\) is missing or wrong/);
    expect(JSON.stringify(r.body)).not.toContain('copiedOnlyInPart');
  });

  it('the OpenAPI document describes the Teams connection', async () => {
    const doc = await t.api('GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).toContain('/v1/users/{userId}/connections/teams');
    expect(Object.keys(doc.body.components.schemas.TeamsConnectionInput.properties)).toEqual(['webhookUrl', 'mention', 'enabled']);
  });
});
