import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../emulators/slack/server.js';
import { startOnDiskTayori, type OnDiskTayori } from '../helpers/on-disk.js';
import { eventually } from '../helpers/tayori.js';

/**
 * The foundation issue's "done when", as a user does it: on the embedded database in a data
 * directory, create a kind, a user, a Slack connection and preferences, post a hostile event, and
 * check what the webhook got and what the API says (secrets at rest: test/security/at-rest.test.ts).
 */
describe('event to Slack on the embedded database', () => {
  let slack: SlackEmulator;
  let t: OnDiskTayori;
  const api = (method: string, path: string, body?: unknown) => t.api(method, path, body);

  beforeAll(async () => {
    slack = await SlackEmulator.start();
    t = await startOnDiskTayori({ TAYORI_EXTRA_WEBHOOK_ORIGINS: slack.url });
  });

  afterAll(async () => {
    await t?.close();
    await slack?.close();
  });

  it('delivers one inert message that mentions only the member, once', async () => {
    const hook = slack.createWebhook('#現場');
    expect((await api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛ての投稿', en: 'Mentions' } })).status).toBe(200);
    expect((await api('PUT', '/v1/users/u-1001', { name: '山田 太郎', email: 'yamada@example.com' })).status).toBe(200);
    const saved = await api('PUT', '/v1/users/u-1001/connections/slack', { enabled: true, webhookUrl: hook, memberId: 'U0123ABCD' });
    expect(saved.status).toBe(200);
    expect((await api('PUT', '/v1/users/u-1001/preferences', { slack: ['mention'] })).status).toBe(200);

    const event = {
      id: 'post-4711',
      kind: 'mention',
      title: '<!channel> 見積書 & 請求書 <@U999>',
      body: '確認お願いします <!here> <@U999|boss> & <https://evil.example|こちら>',
      url: 'https://app.example.com/boards/12/posts/4711',
      actor: { name: '佐藤 <!everyone>' },
      recipients: ['u-1001'],
    };
    const accepted = await api('POST', '/v1/events', event);
    expect(accepted.status).toBe(202);
    expect(accepted.body.deliveries).toHaveLength(1);

    const [message] = await slack.waitForMessages(1);
    expect(message!.mentions).toEqual({ users: ['U0123ABCD'], special: [] });
    expect(message!.payload.text).toMatch(/^<@U0123ABCD> /);
    expect(message!.payload.text).toContain('&lt;!channel&gt; 見積書 &amp; 請求書 &lt;@U999&gt;');

    const detail = await eventually(async () => {
      const d = await api('GET', '/v1/events/post-4711');
      expect(d.body.deliveries[0].status).toBe('delivered');
      return d.body;
    });
    expect(detail.deliveries[0].attempts).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'delivered', statusCode: 200 }),
    ]);

    const again = await api('POST', '/v1/events', event);
    expect(again.body).toMatchObject({ duplicate: true, deliveries: [{ status: 'delivered' }] });
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.messages).toHaveLength(1);
  });
});
