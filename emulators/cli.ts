import { listen, send } from './kit/http.js';
import { renderEmulatorPage } from './kit/page.js';
import { setup as chatworkSetup } from './chatwork/control.js';
import { startEmulators } from './index.js';

/**
 * `tayori emulators`: the local stand-ins on fixed ports, plus a page (default http://127.0.0.1:4000)
 * that shows what each received and creates test webhooks, workflows and Chatwork accounts. Point
 * Tayori at them with TAYORI_EXTRA_WEBHOOK_ORIGINS and TAYORI_CHATWORK_API_URL (printed below).
 */
export async function runEmulatorsCli(): Promise<void> {
  const base = Number(process.env['TAYORI_EMULATORS_PORT'] ?? 4000);
  const emulators = await startEmulators({ slack: base + 10, chatwork: base + 20, teams: base + 30, smtp: base + 25 });
  const clean = (s: string) => s.replace(/[<>&"]/g, '');
  const hub = await listen(
    (req, res, body) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const form = new URLSearchParams(body.toString('utf8'));
      const created = (value: string) => send(res, 303, 'text/plain', value, { location: `/?created=${encodeURIComponent(value)}` });
      if (req.method === 'POST' && url.pathname === '/slack/webhooks') {
        return created(emulators.slack.createWebhook(form.get('channel') || '#general'));
      }
      if (req.method === 'POST' && url.pathname === '/chatwork/setup') {
        // Fake credentials of a local stand-in: fine to show on the page and in the address bar.
        const made = chatworkSetup(emulators.chatwork, form.get('name') || '山田 太郎');
        return created(`API Token: ${made.paste.apiToken}   room id: ${made.paste.roomId}   To account id: ${made.paste.toAccountId}`);
      }
      if (req.method === 'POST' && url.pathname === '/teams/workflows') {
        const shape = form.get('shape') === 'powerplatform' ? 'powerplatform' : 'logic';
        return created(emulators.teams.createWorkflow({ channel: form.get('channel') || 'General', shape }));
      }
      if (url.pathname !== '/') return send(res, 404, 'text/plain', 'not found');
      const shown = url.searchParams.get('created');
      const actions = `<form method="post" action="/slack/webhooks"><label>Slack channel <input name="channel" value="#general"></label>
        <button>Create a Slack webhook</button></form>
        <form method="post" action="/chatwork/setup"><label>Your name <input name="name" value="山田 太郎"></label>
        <button>Create Chatwork accounts and a room</button> <small>(you, a 通知用 notification account, and a room with both)</small></form>
        <form method="post" action="/teams/workflows"><label>Teams channel <input name="channel" value="General"></label>
        <label>URL shape <select name="shape"><option value="logic">logic.azure.com</option><option value="powerplatform">api.powerplatform.com</option></select></label>
        <button>Create a Teams workflow</button></form>
        ${shown ? `<p>Paste into Tayori: <code>${clean(shown)}</code></p>` : ''}`;
      send(
        res,
        200,
        'text/html; charset=utf-8',
        renderEmulatorPage(
          [emulators.chatwork.describe(), emulators.slack.describe(), emulators.teams.describe(), emulators.smtp.describe()],
          actions,
        ),
      );
    },
    base,
  );
  console.log(`Tayori emulators
  page:      ${hub.url}
  Chatwork:  ${emulators.chatwork.apiUrl}   (create accounts and a room on the page, or POST ${emulators.chatwork.url}/_emulator/setup)
  Slack:     ${emulators.slack.url}   (create a webhook on the page, or POST ${emulators.slack.url}/_emulator/webhooks)
  Teams:     ${emulators.teams.url}   (create a workflow on the page, or POST ${emulators.teams.url}/_emulator/workflows)
  SMTP:      ${emulators.smtp.url}   (accepts every message; shown on the page)

Run Tayori against them with:
  TAYORI_CHATWORK_API_URL=${emulators.chatwork.apiUrl} TAYORI_EXTRA_WEBHOOK_ORIGINS=${emulators.slack.url},${emulators.teams.url} SMTP_URL=${emulators.smtp.url} npm start`);
  const stop = () => {
    void Promise.all([hub.close(), emulators.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
