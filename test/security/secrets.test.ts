import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatworkEmulator } from '../../emulators/chatwork/server.js';
import { SlackEmulator } from '../../emulators/slack/server.js';
import { TeamsEmulator } from '../../emulators/teams/server.js';
import { loadConfig } from '../../src/config.js';
import { startTayori, type Tayori } from '../../src/main.js';
import { SecretBox } from '../../src/security/secret-box.js';
import { SEALED_COLUMNS } from '../../src/store/sealed-columns.js';
import { rotateSealedValues } from '../../src/usecases/rotate-keys.js';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db.js';
import { captureLogs } from '../helpers/logs.js';
import { spawnTayori } from '../helpers/process.js';
import { eventually } from '../helpers/tayori.js';

/**
 * Keys rotate without losing a connection: values sealed with key A, TAYORI_SECRET_KEY=B,A and
 * `tayori keys rotate`, then B alone still delivers through all three emulators. Rotation is fenced
 * against concurrent saves and idempotent; a value no key opens costs one delivery, never a 500 or a
 * stuck batch.
 */
const KEY_A = Buffer.alloc(32, 0xa1).toString('base64');
const KEY_B = Buffer.alloc(32, 0xb2).toString('base64');
const kid = (keys: string) => new SecretBox(keys).currentKeyId;
const API_KEY = 'rotation-bootstrap-key-0123456789abcdefghij';

let slack: SlackEmulator;
let teams: TeamsEmulator;
let cw: ChatworkEmulator;
/** Where Tayori keeps its data: a data directory (embedded) or this test's PostgreSQL schema. */
let database: TestDatabase | undefined;
let dataDir: string;
let running: Tayori | undefined;
const logs: string[] = [];

const storage = (): Record<string, string> => (onPostgres ? { DATABASE_URL: database!.url! } : { TAYORI_DATA_DIR: dataDir });

async function start(keys: string | undefined): Promise<Tayori> {
  const captured = captureLogs('debug');
  const tayori = await startTayori(
    loadConfig({
      PORT: '0',
      ...storage(),
      ...(keys ? { TAYORI_SECRET_KEY: keys } : {}),
      TAYORI_BOOTSTRAP_API_KEY: API_KEY,
      TAYORI_EXTRA_WEBHOOK_ORIGINS: `${slack.url},${teams.url}`,
      TAYORI_CHATWORK_API_URL: cw.apiUrl,
    }),
    { logger: captured.logger, workerOptions: { pollMs: 50 } },
  );
  running = tayori;
  const close = tayori.close.bind(tayori);
  tayori.close = async () => {
    await close();
    logs.push(...captured.lines);
    if (running === tayori) running = undefined;
  };
  return tayori;
}

function client(t: Tayori) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${API_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}

/** `tayori keys rotate` as an operator runs it (PORT 1: nothing answers there, so no server seems to run). */
async function rotate(keys: string | undefined, ...args: string[]) {
  const p = spawnTayori(['keys', 'rotate', ...args], { PORT: '1', ...storage(), ...(keys ? { TAYORI_SECRET_KEY: keys } : {}) });
  return { code: await p.exited, output: p.output() };
}

async function sealedKeyIds(t: Tayori): Promise<string[]> {
  const rows = await t.database.db.selectFrom('connections').select('secrets').orderBy('user_id').orderBy('service').execute();
  return rows.map((r) => SecretBox.keyIdOf(r.secrets)!);
}

async function deliverEverywhere(t: Tayori, eventId: string, userId: string) {
  const api = client(t);
  const accepted = await api('POST', '/v1/events', { id: eventId, kind: 'mention', title: `鍵の確認 ${eventId}`, recipients: [userId] });
  expect(accepted.status).toBe(202);
  return eventually(async () => {
    const d = (await api('GET', `/v1/events/${eventId}`)).body.deliveries as { service: string; status: string }[];
    expect(d.map((x) => x.status)).toEqual(d.map(() => 'delivered'));
    return d.map((x) => x.service).sort();
  }, 15_000);
}

beforeAll(async () => {
  [slack, teams, cw] = await Promise.all([SlackEmulator.start({ ratePerWindow: 1000 }), TeamsEmulator.start(), ChatworkEmulator.start()]);
  if (onPostgres) database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'tayori-keys-'));
});
afterAll(async () => {
  await running?.close();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
  await Promise.all([slack?.close(), teams?.close(), cw?.close()]);
});

describe('tayori keys rotate', () => {
  it('A → B,A → rotate → B alone: every connection still delivers, on all three services', async () => {
    const first = await start(KEY_A);
    const api = client(first);
    await api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛て' } });
    await api('PUT', '/v1/users/u1', { name: '山田' });
    const bot = cw.createAccount('通知用');
    const room = cw.createRoom('通知', [bot.accountId]);
    const saved = [
      await api('PUT', '/v1/users/u1/connections/slack', { webhookUrl: slack.createWebhook() }),
      await api('PUT', '/v1/users/u1/connections/teams', { webhookUrl: teams.createWorkflow() }),
      await api('PUT', '/v1/users/u1/connections/chatwork', { apiToken: bot.apiToken, roomId: String(room) }),
    ];
    expect(saved.map((s) => s.status)).toEqual([200, 200, 200]);
    expect(await deliverEverywhere(first, 'k-1', 'u1')).toEqual(['chatwork', 'slack', 'teams']);
    expect(await sealedKeyIds(first)).toEqual([kid(KEY_A), kid(KEY_A), kid(KEY_A)]);
    await first.close();

    // Every process gets B,A first (B seals, both open); on PostgreSQL it keeps serving while the command runs.
    const both = await start(`${KEY_B},${KEY_A}`);
    expect(await deliverEverywhere(both, 'k-2', 'u1')).toHaveLength(3);
    if (!onPostgres) await both.close(); // the embedded database belongs to one process

    const rotated = await rotate(`${KEY_B},${KEY_A}`, '--batch-size', '2');
    expect(rotated.output).toContain(`connections.secrets: 3 re-encrypted with key ${kid(KEY_B)} (from ${kid(KEY_A)}: 3); 0 saved again meanwhile; 0 could not be opened; 0 left on other keys`);
    expect(rotated.code).toBe(0);
    const again = await rotate(`${KEY_B},${KEY_A}`);
    expect(again.output).toContain('connections.secrets: 0 re-encrypted');
    expect(again.code).toBe(0);
    await running?.close();

    const last = await start(KEY_B);
    expect(await sealedKeyIds(last)).toEqual([kid(KEY_B), kid(KEY_B), kid(KEY_B)]);
    const views = await client(last)('GET', '/v1/users/u1/connections');
    expect(views.body.connections.map((c: { warnings: unknown[] }) => c.warnings)).toEqual([[], [], []]);
    const before = { slack: slack.messages.length, chatwork: cw.messages.length };
    expect(await deliverEverywhere(last, 'k-3', 'u1')).toEqual(['chatwork', 'slack', 'teams']);
    expect(slack.messages.length).toBe(before.slack + 1);
    expect(cw.messages.length).toBe(before.chatwork + 1);
    await last.close();
  }, 90_000);

  it('a key left out too early: no 500, the connection says why, deliveries wait and retry', async () => {
    const wrong = await start(KEY_A); // values are sealed with B now
    const api = client(wrong);
    const view = await api('GET', '/v1/users/u1/connections/slack');
    expect(view.status).toBe(200);
    expect(view.body.warnings).toEqual([expect.objectContaining({ code: 'secret_key_missing' })]);
    expect((await api('POST', '/v1/users/u1/connections/slack/test')).body).toMatchObject({ ok: false, code: 'secret_key_missing' });
    await api('POST', '/v1/events', { id: 'k-4', kind: 'mention', title: 'x', recipients: ['u1'] });
    const attempts = await eventually(async () => {
      const d = (await api('GET', '/v1/events/k-4')).body.deliveries as { status: string; attempts: { outcome: string; reason: string }[] }[];
      expect(d.every((x) => x.attempts.length > 0)).toBe(true);
      return d.flatMap((x) => x.attempts.map((a) => [x.status, a.outcome, a.reason]));
    });
    expect(attempts).toEqual([0, 1, 2].map(() => ['queued', 'retry', 'server:secret_key_missing']));
    // Still ok: once the key is back, these deliveries go out on their own.
    expect((await api('GET', '/v1/users/u1/connections/slack')).body.status).toBe('ok');
    await wrong.close();
  }, 30_000);

  it('is fenced: a connection saved while the command runs keeps what was saved', async () => {
    const t = await start(`${KEY_A},${KEY_B}`); // A first again: rotate everything back to A
    const api = client(t);
    const fresh = slack.createWebhook('#saved-meanwhile');
    const column = SEALED_COLUMNS[0]!;
    let saves = 0;
    const racing: typeof column = {
      ...column,
      // Between reading a value and writing it back, the user saves the connection again.
      replace: async (db, key, from, to) => {
        if (key[2] === 'slack' && saves++ === 0) expect((await api('PUT', '/v1/users/u1/connections/slack', { webhookUrl: fresh })).status).toBe(200);
        return column.replace(db, key, from, to);
      },
    };
    const [report] = await rotateSealedValues(t.database.db, t.ctx.secretBox, { columns: [racing] });
    expect(report).toMatchObject({ rotated: 2, changedMeanwhile: 1, unreadable: 0, remaining: 0 });
    const before = slack.messagesFor(fresh).length;
    await deliverEverywhere(t, 'k-5', 'u1');
    expect(slack.messagesFor(fresh).length).toBe(before + 1);
    await t.close();
  }, 30_000);
});

describe('sealed values that do not open', () => {
  it("a value moved to another user's row opens for no one: that delivery fails, the connection breaks, the batch goes on", async () => {
    const t = await start(KEY_A);
    const api = client(t);
    await api('PUT', '/v1/users/u2', { name: '鈴木' });
    await api('PUT', '/v1/users/u2/connections/slack', { webhookUrl: slack.createWebhook('#u2') });
    // Someone with write access to the database copies u1's sealed webhook into u2's row.
    const u1 = await t.database.db.selectFrom('connections').select('secrets').where('user_id', '=', 'u1').where('service', '=', 'slack').executeTakeFirstOrThrow();
    await t.database.db.updateTable('connections').set({ secrets: u1.secrets }).where('user_id', '=', 'u2').where('service', '=', 'slack').execute();
    await api('POST', '/v1/events', { id: 'k-6', kind: 'mention', title: 'moved-k6', recipients: ['u1', 'u2'] });
    const statuses = await eventually(async () => {
      const d = (await api('GET', '/v1/events/k-6')).body.deliveries as { userId: string; service: string; status: string; lastReason: string | null }[];
      const byKey = Object.fromEntries(d.map((x) => [`${x.userId}/${x.service}`, `${x.status} ${x.lastReason ?? ''}`.trim()]));
      expect(Object.values(byKey).some((s) => s.startsWith('queued') || s.startsWith('sending'))).toBe(false);
      return byKey;
    }, 15_000);
    expect(statuses).toEqual({ 'u1/slack': 'delivered', 'u1/teams': 'delivered', 'u1/chatwork': 'delivered', 'u2/slack': 'failed auth:secret_unreadable' });
    // u1's own message only: u2's delivery reached no one, u1's hook included.
    expect(slack.messages.filter((m) => JSON.stringify(m.payload).includes('moved-k6'))).toHaveLength(1);
    const view = await api('GET', '/v1/users/u2/connections/slack');
    expect(view.body).toMatchObject({ status: 'broken', statusReason: 'auth:secret_unreadable', warnings: [expect.objectContaining({ code: 'secret_unreadable' })] });
    expect(view.body.statusMessage).toContain('保存し直してください');
    // Saving it again with the URL pasted anew heals it; left out, the unreadable secret is not kept.
    expect((await api('PUT', '/v1/users/u2/connections/slack', {})).body.error.details.fields[0].field).toBe('webhookUrl');
    expect((await api('PUT', '/v1/users/u2/connections/slack', { webhookUrl: slack.createWebhook('#u2-again') })).body.status).toBe('ok');
    await t.close();
    expect(logs.join('\n')).toContain('stored credentials could not be opened');
  }, 30_000);
});

describe.skipIf(onPostgres)('the embedded database without TAYORI_SECRET_KEY', () => {
  it('rotates the generated key in <data dir>/secret.key and keeps delivering', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tayori-keyfile-'));
    const saved = dataDir;
    dataDir = dir;
    try {
      const t = await start(undefined);
      const api = client(t);
      await api('PUT', '/v1/kinds/mention', { label: { ja: '自分宛て' } });
      await api('PUT', '/v1/users/u1', { name: '山田' });
      await api('PUT', '/v1/users/u1/connections/slack', { webhookUrl: slack.createWebhook('#file') });
      await t.close();
      const oldKey = readFileSync(join(dir, 'secret.key'), 'utf8').trim();
      const result = await rotate(undefined);
      expect(result.code).toBe(0);
      const newKey = readFileSync(join(dir, 'secret.key'), 'utf8').trim();
      expect(newKey).not.toContain(',');
      expect(newKey).not.toBe(oldKey);
      expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
      expect(result.output).toContain(`1 re-encrypted with key ${kid(newKey)} (from ${kid(oldKey)}: 1)`);
      const again = await start(undefined);
      expect(await deliverEverywhere(again, 'f-1', 'u1')).toEqual(['slack']);
      await again.close();
    } finally {
      dataDir = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
