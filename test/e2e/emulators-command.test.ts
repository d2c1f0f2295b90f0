import { describe, expect, it } from 'vitest';
import { spawnTayori } from '../helpers/process.js';

/** `npx tayori emulators` (PRODUCT §8): the four stand-ins and a page that shows what they received. */
describe('tayori emulators', () => {
  it('starts Chatwork, Slack, Teams and SMTP, creates a webhook from its page and shows what arrived', async () => {
    const base = 41_000 + Math.floor(Math.random() * 2_000) * 10;
    const p = spawnTayori(['emulators'], { TAYORI_EMULATORS_PORT: String(base) });
    try {
      const [, page] = await p.waitFor(/page:\s+(http:\/\/\S+)/);
      const out = p.output();
      for (const name of ['Chatwork:', 'Slack:', 'Teams:', 'SMTP:', 'TAYORI_EXTRA_WEBHOOK_ORIGINS=', 'SMTP_URL=']) expect(out).toContain(name);

      const created = await fetch(`${page}/slack/webhooks`, { method: 'POST', body: 'channel=%23dev', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
      expect(created.status).toBe(303);
      const hook = decodeURIComponent(created.headers.get('location')!.split('created=')[1]!);
      expect(hook).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/services\/T\w+\/B\w+\/\w+$/);
      expect((await fetch(hook, { method: 'POST', body: JSON.stringify({ text: '確認 <@U1>' }), headers: { 'content-type': 'application/json' } })).status).toBe(200);

      const html = await (await fetch(page!)).text();
      for (const name of ['Chatwork', 'Slack (Incoming Webhooks)', 'Teams', 'SMTP (e-mail)']) expect(html).toContain(name);
      expect(html).toContain('確認 &#60;@U1&#62;'); // shown, and escaped on the page
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
    }
  }, 60_000);
});
