import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '../../src/channels/channel.js';
import { createTeamsChannel } from '../../src/channels/teams/channel.js';
import type { TeamsConfig, TeamsSecrets } from '../../src/channels/teams/connection.js';
import { TeamsEmulator } from '../../emulators/teams/server.js';
import { channelContract, sampleMessage } from './contract.js';

const url = (t: Target) => (t.secrets as unknown as TeamsSecrets).webhookUrl;
const sigOf = (u: string) => new URL(u).searchParams.get('sig')!;
const MENTION: TeamsConfig = { mention: { id: 'yamada@example.co.jp', name: '山田 太郎' } };

channelContract('teams workflows webhook', async () => {
  // Rate limit off here: the contract sends back to back; the limiter has its own tests.
  const emulator = await TeamsEmulator.start({ ratePerWindow: 1000 });
  const channel = createTeamsChannel({ extraWebhookOrigins: [emulator.url] });
  return {
    channel,
    script: emulator.script,
    target: async () => ({ config: { ...MENTION }, secrets: { webhookUrl: emulator.createWorkflow() } }),
    breakTarget: async (t) => {
      emulator.disableWorkflow(url(t), 'Deleted');
      return 'not_found';
    },
    rateLimitAnswer: (sec) => ({
      status: 429,
      body: JSON.stringify({ error: { code: 'WorkflowRequestsThrottled', message: 'throttled' } }),
      headers: { 'retry-after': String(sec) },
      contentType: 'application/json',
    }),
    // A Workflows trigger "receives" when it answers 202 and its run posts the card.
    received: (t) => emulator.requests.filter((r) => r.status === 202 && url(t).includes(r.workflowId)).length,
    secrets: (t) => [url(t), sigOf(url(t))],
    close: () => emulator.close(),
  };
});

describe('teams workflows classification, through the emulator', () => {
  let emulator: TeamsEmulator;
  const channel = () => createTeamsChannel({ extraWebhookOrigins: [emulator.url] });
  const send = (webhookUrl: string, config: TeamsConfig = MENTION) =>
    channel().send(sampleMessage, { config, secrets: { webhookUrl } }, AbortSignal.timeout(5000));

  beforeAll(async () => {
    emulator = await TeamsEmulator.start({ ratePerWindow: 1000 });
  });
  afterAll(() => emulator.close());

  it.each(['logic', 'powerplatform'] as const)('202 on the %s URL shape, and the run posts a card mentioning the user', async (shape) => {
    const hook = emulator.createWorkflow({ shape });
    const r = await send(hook);
    expect(r).toMatchObject({ ok: true, status: 202, providerMessageId: expect.stringMatching(/CU\d\d$/) });
    const [run] = await emulator.waitForRuns(1, { url: hook });
    expect(run).toMatchObject({ status: 'Succeeded', error: undefined });
    expect(run!.mentions).toEqual([{ text: '<at>山田 太郎</at>', id: 'yamada@example.co.jp', name: '山田 太郎' }]);
    expect(run!.texts).toContain(sampleMessage.title);
  });

  it('401 DirectApiAuthorizationRequired for a wrong signature: permanent auth failure, explained', async () => {
    const hook = emulator.createWorkflow();
    const r = await send(hook.replace(/sig=[^&]+/, 'sig=forged'));
    expect(r).toMatchObject({ ok: false, retryable: false, reason: 'auth', code: 'DirectApiAuthorizationRequired', status: 401 });
    const ja = channel().explain(r as never, 'ja');
    expect(ja).toContain('sig=');
    expect(ja).toContain('コピー');
    expect(channel().explain(r as never, 'en')).toMatch(/signature/);
  });

  it('404 for a workflow that does not exist (or the wrong URL shape): permanent not_found', async () => {
    const hook = emulator.createWorkflow({ shape: 'logic' });
    emulator.forgetWorkflow(hook);
    const r = await send(hook);
    expect(r).toMatchObject({ ok: false, retryable: false, reason: 'not_found', code: 'WorkflowNotFound', status: 404 });
    expect(channel().explain(r as never, 'ja')).toContain('作り直し');
    const other = emulator.createWorkflow({ shape: 'logic' });
    const wrongShape = other.replace('/workflows/', '/powerautomate/automations/direct/workflows/');
    expect(await send(wrongShape)).toMatchObject({ ok: false, reason: 'not_found', status: 404 });
  });

  it.each(['Disabled', 'Deleted'] as const)('400 WorkflowTriggerIsNotEnabled (%s) is permanent and breaks the connection', async (state) => {
    const hook = emulator.createWorkflow();
    emulator.disableWorkflow(hook, state);
    const r = await send(hook);
    expect(r).toMatchObject({ ok: false, retryable: false, reason: 'not_found', code: 'WorkflowTriggerIsNotEnabled', status: 400 });
    expect(channel().explain(r as never, 'ja')).toContain('オン');
  });

  it('another 400 is our bug: permanent, but not a broken connection', async () => {
    emulator.script.failNext(400, { body: JSON.stringify({ error: { code: 'InvalidRequestContent', message: 'bad' } }) });
    const r = await send(emulator.createWorkflow());
    expect(r).toMatchObject({ ok: false, retryable: false, reason: 'bad_request', code: 'InvalidRequestContent' });
    expect(channel().explain(r as never, 'ja')).toContain('テンプレート');
  });

  it('502 and 500 retry; Retry-After on a 503 is honoured', async () => {
    emulator.script.failNext(502).failNext(503, { headers: { 'retry-after': '7' } });
    const hook = emulator.createWorkflow();
    expect(await send(hook)).toMatchObject({ ok: false, retryable: true, reason: 'server', status: 502 });
    expect(await send(hook)).toMatchObject({ ok: false, retryable: true, reason: 'server', retryAfterMs: 7000 });
  });

  it('refuses at send time a URL not on an allowed host, without contacting it', async () => {
    const hook = emulator.createWorkflow();
    const before = emulator.requests.length;
    const r = await createTeamsChannel({ extraWebhookOrigins: [] }).send(sampleMessage, { config: {}, secrets: { webhookUrl: hook } }, AbortSignal.timeout(5000));
    expect(r).toMatchObject({ ok: false, retryable: false, code: 'url_not_allowed' });
    expect(emulator.requests.length).toBe(before);
  });

  it('no failure detail holds the URL or its signature, even when the service echoes them', async () => {
    const hook = emulator.createWorkflow();
    emulator.script.failNext(500, { body: `upstream failed for ${hook} sig ${sigOf(hook)}` });
    const r = await send(hook);
    expect(JSON.stringify(r)).not.toContain(sigOf(hook));
    expect(JSON.stringify(r)).not.toContain(new URL(hook).pathname);
  });
});

describe('the emulator keeps Learn\'s 4 requests per second per workflow', () => {
  it('answers the 5th request in a second with 429 and Retry-After, per workflow', async () => {
    const emulator = await TeamsEmulator.start();
    try {
      const channel = createTeamsChannel({ extraWebhookOrigins: [emulator.url] });
      const target = { config: {}, secrets: { webhookUrl: emulator.createWorkflow() } };
      const other = { config: {}, secrets: { webhookUrl: emulator.createWorkflow() } };
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await channel.send(sampleMessage, target, AbortSignal.timeout(5000)));
      expect(results.slice(0, 4).every((r) => r.ok)).toBe(true);
      expect(results[4]).toMatchObject({ ok: false, retryable: true, reason: 'rate_limited', status: 429, retryAfterMs: 1000 });
      expect((await channel.send(sampleMessage, other, AbortSignal.timeout(5000))).ok).toBe(true);
      expect(emulator.rateLimited).toBe(1);
      await emulator.waitForRuns(5);
      expect(emulator.failedRuns).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});
