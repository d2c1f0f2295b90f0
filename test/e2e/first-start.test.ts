import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnTayori } from '../helpers/process.js';

function residentMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]!;
  return Number(kb) / 1024;
}

/** `npm start` on a fresh machine: embedded database, generated key, the API key printed once. */
describe('first start of `tayori serve`', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tayori-first-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** Opens a printed sign-in link against the running server; answers the settings page it leads to. */
  const openLink = async (serverUrl: string, link: string) => {
    const printed = new URL(link);
    const signIn = await fetch(`${serverUrl}${printed.pathname}${printed.search}`, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const page = await fetch(`${serverUrl}${signIn.headers.get('location')}`, { headers: { cookie } });
    return { status: page.status, html: await page.text() };
  };

  it('prints the default org key and an admin sign-in link once, keeps the secret key private, and stops cleanly on SIGTERM', async () => {
    const first = spawnTayori(['serve'], { PORT: '0', TAYORI_DATA_DIR: dataDir });
    const [, key] = await first.waitFor(/\n\s+(tyr_[A-Za-z0-9]{8}_[A-Za-z0-9]{32})\n/);
    const [, url] = await first.waitFor(/listening on (http:\/\/\S+) /);
    const [, link] = await first.waitFor(/\n\s+(http:\/\/\S+\/settings\/sign-in\?token=[A-Za-z0-9_-]{43})\n/);
    // Creating the embedded database happens in a child process: the WebAssembly memory initdb grows is
    // never given back, and the server would keep about 700 MiB for its whole life (250 MiB otherwise).
    expect(residentMiB(first.child.pid!)).toBeLessThan(450);
    const res = await fetch(`${url}/v1/kinds`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    const admin = await openLink(url!, link!);
    expect(admin.status).toBe(200);
    expect(admin.html).toContain('管理者 さん');
    const used = new URL(link!);
    expect((await fetch(`${url}${used.pathname}${used.search}`, { redirect: 'manual' })).status).toBe(410); // single use
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    // Later, with the server stopped, an operator prints a fresh link.
    const cli = spawnTayori(['sign-in-link', 'admin'], { PORT: '8787', TAYORI_DATA_DIR: dataDir });
    expect(await cli.exited).toBe(0);
    const fresh = /(http:\/\/\S+\/settings\/sign-in\?token=[A-Za-z0-9_-]{43})/.exec(cli.output())![1]!;
    const unknown = spawnTayori(['sign-in-link', 'ghost'], { PORT: '8787', TAYORI_DATA_DIR: dataDir });
    expect(await unknown.exited).toBe(1);
    expect(unknown.output()).toContain("user 'ghost' was not found");

    const second = spawnTayori(['serve'], { PORT: '0', TAYORI_DATA_DIR: dataDir });
    const [, url2] = await second.waitFor(/listening on (http:\/\/\S+) /);
    expect(second.output()).not.toContain('tyr_');
    expect(second.output()).not.toContain('sign-in?token=');
    expect((await openLink(url2!, fresh)).html).toContain('管理者 さん');
    const again = await fetch(`${url2}/v1/kinds`, { headers: { authorization: `Bearer ${key}` } });
    expect(again.status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 90_000);

  it('refuses to start on PostgreSQL without TAYORI_SECRET_KEY, saying why', async () => {
    const p = spawnTayori(['serve'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' });
    expect(await p.exited).toBe(2);
    expect(p.output()).toContain('TAYORI_SECRET_KEY is required');
  });
});
