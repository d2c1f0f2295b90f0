import { describe, expect, it } from 'vitest';
import { SLACK_WEBHOOK_RULE } from './slack/connection.js';
import { checkWebhookUrl, maskSecret, maskUrl } from './webhook-url.js';

const ok = 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';

describe('checkWebhookUrl', () => {
  it.each([
    [ok, true],
    ['https://hooks.slack.com:443/services/T1/B1/abc', true],
    ['https://hooks.slack.com:8443/services/T1/B1/abc', false],
    ['http://hooks.slack.com/services/T1/B1/abc', false],
    ['https://HOOKS.SLACK.COM/services/T1/B1/abc', true],
    ['https://hooks.slack.com.evil.test/services/T1/B1/abc', false],
    ['https://evilhooks.slack.com/services/T1/B1/abc', false],
    ['https://hooks.slack.com/services/T1/B1/abc#x', false],
    ['https://a:b@hooks.slack.com/services/T1/B1/abc', false],
    ['https://hooks.slack.com/services/T1/B1', false],
    ['https://hooks.slack.com/services/../../x', false],
    ['http://127.0.0.1:4010/services/T1/B1/abc', false],
  ])('%s → %s', (url, accepted) => {
    expect(checkWebhookUrl(url, SLACK_WEBHOOK_RULE, []).ok).toBe(accepted);
  });

  it('accepts plain http only on the listed emulator origins, still checking the path', () => {
    expect(checkWebhookUrl('http://127.0.0.1:4010/services/T1/B1/abc', SLACK_WEBHOOK_RULE, ['http://127.0.0.1:4010']).ok).toBe(true);
    expect(checkWebhookUrl('http://127.0.0.1:4010/other', SLACK_WEBHOOK_RULE, ['http://127.0.0.1:4010']).ok).toBe(false);
    expect(checkWebhookUrl('http://127.0.0.1:4011/services/T1/B1/abc', SLACK_WEBHOOK_RULE, ['http://127.0.0.1:4010']).ok).toBe(false);
  });

  it('masks to the host and four characters', () => {
    expect(maskUrl(ok)).toBe('https://hooks.slack.com/…XXXX');
    expect(maskSecret('abcdefgh')).toBe('••••efgh');
    expect(maskSecret('abc')).toBe('••••');
  });
});
