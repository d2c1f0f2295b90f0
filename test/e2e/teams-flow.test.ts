import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsEmulator } from '../../emulators/teams/server.js';
import { startOnDiskTayori, type OnDiskTayori } from '../helpers/on-disk.js';
import { eventually } from '../helpers/tayori.js';

/**
 * Issue 4's "done when", as a user does it: on the embedded database, save a Workflows URL and a UPN,
 * post an event whose text types `<at>x</at>`, and check the card the flow posted, what the API says,
 * the test button and a turned-off workflow (secrets at rest: test/security/at-rest.test.ts).
 */
describe('event to Microsoft Teams through a Workflows webhook', () => {
  let teams: TeamsEmulator;
  let t: OnDiskTayori;
  const api = (method: string, path: string, body?: unknown) => t.api(method, path, body);
  let hook: string;
  const newWorkflow = () => {
    hook = teams.createWorkflow({ channel: '現場' });
    return hook;
  };

  const delivery = (eventId: string) =>
    eventually(async () => {
      const d = await api('GET', `/v1/events/${eventId}`);
      expect(['delivered', 'failed', 'dead']).toContain(d.body.deliveries[0].status);
      return d.body.deliveries[0];
    });

  beforeAll(async () => {
    teams = await TeamsEmulator.start();
    // Fast retries, so the 429 below is retried within the test.
    t = await startOnDiskTayori({ TAYORI_EXTRA_WEBHOOK_ORIGINS: teams.url, TAYORI_RETRY_SCHEDULE: '200ms,200ms' });
    expect((await api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿', en: 'Mentions' } })).status).toBe(200);
    expect((await api('PUT', '/v1/users/u-1001', { name: '山田 太郎', email: 'yamada@example.co.jp' })).status).toBe(200);
  });

  afterAll(async () => {
    await t?.close();
    await teams?.close();
  });

  it('delivers a valid card that mentions the user, with <at>x</at> typed in the post shown as text', async () => {
    newWorkflow();
    const saved = await api('PUT', '/v1/users/u-1001/connections/teams', { enabled: true, webhookUrl: hook, mention: { id: 'yamada@example.co.jp' } });
    expect(saved.status).toBe(200);
    expect((await api('PUT', '/v1/users/u-1001/preferences', { teams: ['mention'] })).status).toBe(200);

    const accepted = await api('POST', '/v1/events', {
      id: 'post-4711',
      kind: 'mention',
      title: '<at>x</at> 見積書の確認 **至急**',
      body: '確認お願いします <at>佐藤</at> </at>\n詳細は [こちら](https://evil.example/login) へ',
      url: 'https://app.example.com/boards/12/posts/4711',
      actor: { name: '佐藤 <at>社長</at>' },
      recipients: ['u-1001'],
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body.deliveries).toEqual([expect.objectContaining({ service: 'teams', status: 'queued' })]);

    const [run] = await teams.waitForRuns(1, { url: hook });
    expect(teams.failedRuns).toEqual([]);
    expect(run!.status).toBe('Succeeded');
    expect(run!.mentions).toEqual([{ text: '<at>山田 太郎</at>', id: 'yamada@example.co.jp', name: '山田 太郎' }]);
    expect(run!.texts).toEqual([
      '<at>山田 太郎</at>  ·  自分宛ての投稿',
      '＜at＞x＜/at＞ 見積書の確認 ＊＊至急＊＊',
      expect.stringMatching(/^佐藤 ＜at＞社長＜\/at＞ {2}· {2}\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}$/),
      '確認お願いします ＜at＞佐藤＜/at＞ ＜/at＞\n詳細は ［こちら］(https://evil.example/login) へ',
    ]);
    expect(JSON.stringify(run!.payload)).toContain('"type":"Action.OpenUrl","title":"開く","url":"https://app.example.com/boards/12/posts/4711"');

    const d = await delivery('post-4711');
    expect(d.status).toBe('delivered');
    expect(d.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'delivered', statusCode: 202 })]);
  });

  it('waits out a 429 with Retry-After and delivers once', async () => {
    teams.script.failNext(429, { body: '{"error":{"code":"WorkflowRequestsThrottled","message":"slow down"}}', headers: { 'retry-after': '1' } });
    const before = teams.runsFor(hook).length;
    await api('POST', '/v1/events', { id: 'post-4712', kind: 'mention', title: '再送の確認', recipients: ['u-1001'] });
    const d = await delivery('post-4712');
    expect(d.status).toBe('delivered');
    expect(d.attempts.map((a: { outcome: string; statusCode: number }) => [a.outcome, a.statusCode])).toEqual([
      ['retry', 429],
      ['delivered', 202],
    ]);
    const gap = Date.parse(d.attempts[1].startedAt) - Date.parse(d.attempts[0].startedAt);
    expect(gap).toBeGreaterThanOrEqual(900);
    await teams.waitForRuns(before + 1, { url: hook });
    expect(teams.failedRuns).toEqual([]);
  });

  it('the test button reports success, then a clear reason once the workflow is turned off', async () => {
    expect((await api('POST', '/v1/users/u-1001/connections/teams/test')).body).toEqual({ ok: true });
    teams.disableWorkflow(hook);
    const failed = await api('POST', '/v1/users/u-1001/connections/teams/test');
    expect(failed.body).toMatchObject({ ok: false, reason: 'not_found', code: 'WorkflowTriggerIsNotEnabled' });
    expect(failed.body.message).toMatch(/ワークフローがオフになっているか、削除されています/);

    // A broken connection is skipped, not retried against a dead flow.
    const skipped = await api('POST', '/v1/events', { id: 'post-4713', kind: 'mention', title: '届かない', recipients: ['u-1001'] });
    expect(skipped.body.skipped).toEqual([{ userId: 'u-1001', service: 'teams', reason: 'connection_broken' }]);

    // Saving a new workflow's URL heals it once the test message passes.
    newWorkflow();
    const healed = await api('PUT', '/v1/users/u-1001/connections/teams', { webhookUrl: hook });
    expect(healed.body).toMatchObject({ status: 'ok', warnings: [expect.objectContaining({ code: 'test_sent' })] });
    await teams.waitForRuns(1, { url: hook });
    expect(teams.failedRuns).toEqual([]);
  });

  it('refuses a retired connector URL with guidance', async () => {
    const r = await api('PUT', '/v1/users/u-1001/connections/teams', { webhookUrl: 'https://contoso.webhook.office.com/webhookb2/a@b/IncomingWebhook/c/d' });
    expect(r.status).toBe(422);
    expect(r.body.error.details.fields[0].message).toContain('ワークフロー');
  });
});
