import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/channels/channel.js';
import { createSlackChannel } from '../../src/channels/slack/channel.js';
import { SlackEmulator } from '../../emulators/slack/server.js';
import { channelContract, sampleMessage } from './contract.js';

channelContract('slack webhook', async () => {
  // Rate limit off here: the contract sends back to back; the limiter has its own tests.
  const emulator = await SlackEmulator.start({ ratePerWindow: 1000 });
  const channel = createSlackChannel({ extraWebhookOrigins: [emulator.url] });
  const url = (t: Target) => (t.secrets as { webhookUrl: string }).webhookUrl;
  return {
    channel,
    script: emulator.script,
    target: async () => ({ config: { memberId: 'U0123ABC' }, secrets: { webhookUrl: emulator.createWebhook() } }),
    breakTarget: async (t) => {
      emulator.breakWebhook(url(t), 'no_service');
      return 'not_found';
    },
    rateLimitAnswer: (sec) => ({ status: 429, body: 'rate_limited', headers: { 'retry-after': String(sec) } }),
    received: (t) => emulator.messagesFor(url(t)).length,
    secrets: (t) => [url(t), new URL(url(t)).pathname.split('/').pop()!],
    close: () => emulator.close(),
  };
});

describe('slack webhook classification', () => {
  it.each([
    ['invalid_token', 'auth'],
    ['action_prohibited', 'auth'],
    ['channel_not_found', 'not_found'],
    ['channel_is_archived', 'not_found'],
    ['no_active_hooks', 'not_found'],
  ] as const)('%s is permanent (%s) and keeps the code for the user', async (code, reason) => {
    const emulator = await SlackEmulator.start();
    try {
      const channel = createSlackChannel({ extraWebhookOrigins: [emulator.url] });
      const webhookUrl = emulator.createWebhook();
      emulator.breakWebhook(webhookUrl, code);
      const r = await channel.send(sampleMessage, { config: {}, secrets: { webhookUrl } }, AbortSignal.timeout(5000));
      expect(r).toMatchObject({ ok: false, retryable: false, reason, code });
      expect(channel.explain(r as never, 'ja')).toMatch(/Webhook|チャンネル|管理者/);
    } finally {
      await emulator.close();
    }
  });

  it('a 400 is our bug: permanent but not a broken connection', async () => {
    const emulator = await SlackEmulator.start();
    try {
      const channel = createSlackChannel({ extraWebhookOrigins: [emulator.url] });
      emulator.script.failNext(400, { body: 'invalid_blocks' });
      const r = await channel.send(sampleMessage, { config: {}, secrets: { webhookUrl: emulator.createWebhook() } }, AbortSignal.timeout(5000));
      expect(r).toMatchObject({ ok: false, retryable: false, reason: 'bad_request', code: 'invalid_blocks' });
    } finally {
      await emulator.close();
    }
  });

  it('refuses at send time a URL that is not on an allowed host, without contacting it', async () => {
    const emulator = await SlackEmulator.start();
    try {
      const channel = createSlackChannel({ extraWebhookOrigins: [] });
      const r = await channel.send(sampleMessage, { config: {}, secrets: { webhookUrl: emulator.createWebhook() } }, AbortSignal.timeout(5000));
      expect(r).toMatchObject({ ok: false, retryable: false, code: 'url_not_allowed' });
      expect(emulator.requests).toHaveLength(0);
    } finally {
      await emulator.close();
    }
  });

  it('the emulator enforces 1 request per second per webhook with Retry-After', async () => {
    const emulator = await SlackEmulator.start();
    try {
      const channel = createSlackChannel({ extraWebhookOrigins: [emulator.url] });
      const target = { config: {}, secrets: { webhookUrl: emulator.createWebhook() } };
      expect((await channel.send(sampleMessage, target, AbortSignal.timeout(5000))).ok).toBe(true);
      const second = await channel.send(sampleMessage, target, AbortSignal.timeout(5000));
      expect(second).toMatchObject({ ok: false, reason: 'rate_limited', retryable: true });
      expect(second.ok ? 0 : second.retryAfterMs).toBe(1000);
      expect(emulator.rateLimited).toBe(1);
    } finally {
      await emulator.close();
    }
  });
});
