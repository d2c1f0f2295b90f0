import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../emulators/slack/server.js';
import { openPageSession } from '../helpers/session.js';
import { startTestTayori, type TestTayori } from '../helpers/tayori.js';

/**
 * The settings pages' session and form protections where other suites do not look: what the database
 * keeps of sessions and form tokens, tokens of one session in another, links raced, signed-out cookies
 * and a session id planted before sign-in.
 */
let t: TestTayori;
let slack: SlackEmulator;

beforeAll(async () => {
  slack = await SlackEmulator.start();
  t = await startTestTayori({ workers: 0, env: { TAYORI_EXTRA_WEBHOOK_ORIGINS: slack.url } });
  for (const id of ['alice', 'bob']) await t.api('PUT', `/v1/users/${id}`, { name: id });
});
afterAll(async () => {
  await t?.close();
  await slack?.close();
});

const linkFor = async (userId: string) => {
  const u = new URL((await t.api('POST', `/v1/users/${userId}/sign-in-links`)).body.url as string);
  return `${t.url}${u.pathname}${u.search}`;
};

describe('what the database keeps', () => {
  it('neither the session id, nor the form token, nor the link token: hashes only', async () => {
    const link = await linkFor('alice');
    const token = new URL(link).searchParams.get('token')!;
    const session = await openPageSession(t, 'alice');
    const rows = JSON.stringify([
      await t.database.db.selectFrom('sessions').selectAll().execute(),
      await t.database.db.selectFrom('sign_in_links').selectAll().execute(),
    ]);
    for (const secret of [session.cookie.split('=')[1]!, session.csrf, token]) expect(rows).not.toContain(secret);
    // A hash is 32 bytes; the tables are not empty, so the check above looked at something.
    expect(rows).toContain('id_hash');
  });
});

describe('form tokens', () => {
  it("are the session's own: alice's token with bob's session is refused, bob's own works", async () => {
    const alice = await openPageSession(t, 'alice');
    const bob = await openPageSession(t, 'bob');
    expect(alice.csrf).not.toBe(bob.csrf);
    const form = { enabled: 'on', webhookUrl: slack.createWebhook('#bob') };
    const forged = await bob.post('/settings/services/slack', new URLSearchParams({ ...form, _csrf: alice.csrf }));
    expect(forged.status).toBe(403);
    expect((await t.api('GET', '/v1/users/bob/connections/slack')).status).toBe(404);
    expect((await bob.post('/settings/services/slack', form)).status).toBe(303);
    expect((await t.api('GET', '/v1/users/bob/connections/slack')).status).toBe(200);
  });

  it('stay the same on every page of one session', async () => {
    const alice = await openPageSession(t, 'alice');
    for (const path of ['/settings/services', '/settings/services/slack']) {
      expect((await alice.get(path)).html).toContain(`name="_csrf" value="${alice.csrf}"`);
    }
  });
});

describe('sign-in links and sessions', () => {
  it('a link opened ten times at once signs in exactly once', async () => {
    const link = await linkFor('alice');
    const answers = await Promise.all(Array.from({ length: 10 }, () => fetch(link, { redirect: 'manual' })));
    expect(answers.map((a) => a.status).sort()).toEqual([303, ...Array.from({ length: 9 }, () => 410)]);
  });

  it('a session id planted before sign-in is never adopted: sign-in issues a new one', async () => {
    const planted = 'A'.repeat(43);
    const res = await fetch(await linkFor('alice'), { redirect: 'manual', headers: { cookie: `tayori_session=${planted}` } });
    expect(res.status).toBe(303);
    const issued = /tayori_session=([^;]+)/.exec(res.headers.get('set-cookie')!)![1];
    expect(issued).not.toBe(planted);
    expect((await fetch(`${t.url}/settings`, { headers: { cookie: `tayori_session=${planted}` } })).status).toBe(401);
  });

  it('after sign-out the old cookie and its form token are worth nothing', async () => {
    const alice = await openPageSession(t, 'alice');
    expect((await alice.post('/settings/sign-out', {})).status).toBe(303);
    expect((await alice.get('/settings')).status).toBe(401);
    expect((await alice.post('/settings/services/slack', { enabled: 'on', webhookUrl: slack.createWebhook() })).status).toBe(401);
  });
});
