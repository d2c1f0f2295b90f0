import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatworkEmulator } from './server.js';

/** OAuth per reference/chatwork.md §6 and §9.6, over real HTTP. */
let emu: ChatworkEmulator;
let now = Date.UTC(2026, 10, 21, 0, 0, 0);
afterEach(async () => {
  await emu?.close();
});

const REDIRECT = 'https://tayori.example.com/oauth/chatwork/callback';

async function setup(type: 'confidential' | 'public' = 'confidential') {
  now = Date.UTC(2026, 10, 21, 0, 0, 0);
  emu = await ChatworkEmulator.start({ now: () => now });
  const you = emu.createAccount('山田 太郎');
  const client = emu.oauth.registerClient({ redirectUris: [REDIRECT], type });
  return { you, client };
}

async function consent(params: Record<string, string>) {
  const res = await fetch(`${emu.url}/packages/oauth2/login.php?${new URLSearchParams(params)}`, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), json: res.status === 400 ? ((await res.json()) as { error_code: number }) : undefined };
}

async function token(form: Record<string, string>, basic?: [string, string]) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) headers['authorization'] = `Basic ${Buffer.from(`${encodeURIComponent(basic[0])}:${encodeURIComponent(basic[1])}`).toString('base64')}`;
  const res = await fetch(`${emu.url}/token`, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, string> };
}

const me = (accessToken: string) => fetch(`${emu.apiUrl}/me`, { headers: { authorization: `Bearer ${accessToken}` } });

describe('authorization code with PKCE', () => {
  it('consents, exchanges the code once, and the Bearer token works until it expires (15 min)', async () => {
    const { you, client } = await setup();
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const c = await consent({
      response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT, scope: 'users.profile.me:read rooms.messages:write',
      state: 's-123', code_challenge: challenge, code_challenge_method: 'S256', _emulator_account: String(you.accountId),
    });
    expect(c.status).toBe(302);
    const back = new URL(c.location!);
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('s-123');
    const code = back.searchParams.get('code')!;

    const wrongVerifier = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: 'x'.repeat(43) }, [client.clientId, client.clientSecret!]);
    expect(wrongVerifier).toMatchObject({ status: 400, json: { error: 'invalid_grant', error_uri: null } });
    // A code is single use, even after a failed exchange: consent again.
    const again = new URL((await consent({ response_type: 'code', client_id: client.clientId, scope: 'users.profile.me:read', state: 's', code_challenge: challenge, code_challenge_method: 'S256', _emulator_account: String(you.accountId) })).location!);
    const ok = await token({ grant_type: 'authorization_code', code: again.searchParams.get('code')!, code_verifier: verifier }, [client.clientId, client.clientSecret!]);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ token_type: 'Bearer', expires_in: '900', scope: 'users.profile.me:read', refresh_token: expect.any(String) });
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(ok.headers.get('pragma')).toBe('no-cache');

    expect((await me(ok.json['access_token']!)).status).toBe(200);
    const post = await fetch(`${emu.apiUrl}/rooms/${you.myRoomId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ok.json['access_token']}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'body=hi',
    });
    expect(post.status).toBe(403);
    expect(post.headers.get('www-authenticate')).toContain('insufficient_scope');

    now += 900_000;
    const expired = await me(ok.json['access_token']!);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="The access token expired"');

    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: ok.json['refresh_token']! }, [client.clientId, client.clientSecret!]);
    expect(refreshed.status).toBe(200);
    expect((await me(refreshed.json['access_token']!)).status).toBe(200);
  });

  it('refuses what the spec refuses', async () => {
    const { you, client } = await setup();
    const base = { response_type: 'code', client_id: client.clientId, scope: 'users.profile.me:read', _emulator_account: String(you.accountId) };
    expect((await consent({ ...base, response_type: 'token' })).json).toMatchObject({ error_code: 4001 });
    expect((await consent({ ...base, scope: 'rooms.everything' })).json).toMatchObject({ error_code: 5002 });
    expect((await consent({ ...base, redirect_uri: 'https://evil.example/cb' })).json).toMatchObject({ error_code: 15000 });
    expect((await consent({ ...base, code_challenge_method: 'plain' })).json).toMatchObject({ error_code: 18000 });
    const denied = new URL((await consent({ ...base, state: 'st', _emulator_deny: '1' })).location!);
    expect([denied.searchParams.get('error'), denied.searchParams.get('state')]).toEqual(['access_denied', 'st']);

    const code = () => consent(base).then((c) => new URL(c.location!).searchParams.get('code')!);
    expect((await token({ grant_type: 'authorization_code', code: await code() }, [client.clientId, 'wrong'])).status).toBe(401);
    expect((await token({ grant_type: 'authorization_code', code: await code(), redirect_uri: 'https://other.example/cb' }, [client.clientId, client.clientSecret!])).json.error).toBe('invalid_grant');
    const late = await code();
    now += 61_000;
    expect((await token({ grant_type: 'authorization_code', code: late }, [client.clientId, client.clientSecret!])).json).toMatchObject({ error: 'invalid_grant', error_description: 'the code has expired' });
    expect((await token({ grant_type: 'password' }, [client.clientId, client.clientSecret!])).json.error).toBe('unsupported_grant_type');
  });

  it('a refresh token lasts 14 days, or until revoked with offline_access', async () => {
    const { you, client } = await setup();
    const grant = async (scope: string) => {
      const c = new URL((await consent({ response_type: 'code', client_id: client.clientId, scope, _emulator_account: String(you.accountId) })).location!);
      return (await token({ grant_type: 'authorization_code', code: c.searchParams.get('code')! }, [client.clientId, client.clientSecret!])).json['refresh_token']!;
    };
    const short = await grant('users.profile.me:read');
    const offline = await grant('users.profile.me:read offline_access');
    now += 15 * 24 * 3600 * 1000;
    const refresh = (t: string) => token({ grant_type: 'refresh_token', refresh_token: t }, [client.clientId, client.clientSecret!]);
    expect((await refresh(short)).json.error).toBe('invalid_grant');
    expect((await refresh(offline)).status).toBe(200);
    emu.revokeToken(offline);
    expect((await refresh(offline)).json.error).toBe('invalid_grant');
  });

  it('a public client has no secret, may not ask for offline_access and must use PKCE', async () => {
    const { you, client } = await setup('public');
    expect(client.clientSecret).toBeUndefined();
    const base = { response_type: 'code', client_id: client.clientId, scope: 'users.profile.me:read', _emulator_account: String(you.accountId) };
    expect((await consent({ ...base, scope: 'users.profile.me:read offline_access' })).json).toMatchObject({ error_code: 5002 });
    expect((await consent(base)).json).toMatchObject({ error_code: 19000 });
    const verifier = randomBytes(32).toString('base64url');
    const c = await consent({ ...base, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' });
    const t = await token({ grant_type: 'authorization_code', client_id: client.clientId, code: new URL(c.location!).searchParams.get('code')!, code_verifier: verifier });
    expect(t.status).toBe(200);
  });
});
