import { setup as chatworkSetup } from '../../emulators/chatwork/control.js';
import { startEmulators } from '../../emulators/index.js';
import { listen, sendJson } from '../../emulators/kit/http.js';

/**
 * The emulators in a process of their own for the benchmark (the service under test and its stand-ins
 * must not share an event loop), with their published limits on, plus a small control API to create
 * destinations in bulk and read receipt times. Prints one JSON line with the URLs, then serves.
 */
const emulators = await startEmulators();
const MARKER = /bench-(\d+)/;

function receipts(): { marker: number; at: number }[] {
  const out: { marker: number; at: number }[] = [];
  const add = (text: string | undefined, at: number) => {
    const m = text ? MARKER.exec(text) : null;
    if (m) out.push({ marker: Number(m[1]), at });
  };
  for (const m of emulators.slack.messages) add(m.payload.text, m.receivedAt);
  for (const r of emulators.teams.runs) add(r.texts.join(' '), r.receivedAt);
  return out;
}

const control = await listen((req, res, body) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const input = body.length > 0 ? (JSON.parse(body.toString('utf8')) as { count?: number }) : {};
  const count = Math.min(Number(input.count ?? 1), 200_000);
  switch (`${req.method} ${url.pathname}`) {
    case 'POST /slack':
      return sendJson(res, 201, Array.from({ length: count }, () => emulators.slack.createWebhook()));
    case 'POST /teams':
      return sendJson(res, 201, Array.from({ length: count }, () => emulators.teams.createWorkflow()));
    case 'POST /chatwork':
      return sendJson(res, 201, Array.from({ length: count }, (_, i) => chatworkSetup(emulators.chatwork, `bench ${i}`).paste));
    case 'GET /stats':
      return sendJson(res, 200, {
        slack: emulators.slack.messages.length,
        teams: emulators.teams.runs.length,
        teamsFailed: emulators.teams.failedRuns.length,
        chatwork: emulators.chatwork.requests.filter((r) => r.method === 'POST' && r.status === 200 && r.path.endsWith('/messages')).length,
        rateLimited: emulators.slack.rateLimited + emulators.teams.rateLimited + emulators.chatwork.rateLimited(),
      });
    case 'GET /receipts':
      return sendJson(res, 200, receipts());
    case 'POST /forget':
      // Keep memory flat between phases: what was received so far is no longer needed.
      emulators.slack.messages.length = 0;
      emulators.teams.runs.length = 0;
      return sendJson(res, 200, { ok: true });
    default:
      return sendJson(res, 404, { error: 'unknown' });
  }
});

process.stdout.write(
  JSON.stringify({
    control: control.url,
    slack: emulators.slack.url,
    teams: emulators.teams.url,
    chatwork: emulators.chatwork.apiUrl,
  }) + '\n',
);
process.on('SIGTERM', () => void Promise.all([emulators.close(), control.close()]).then(() => process.exit(0)));
