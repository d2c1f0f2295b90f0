import { createHash, randomBytes } from 'node:crypto';
import type { Answer, Caller } from './rest.js';
import type { ChatworkWorld } from './world.js';

/**
 * Chatwork OAuth 2.0 (reference/chatwork.md §6, §9.6): the consent page `GET
 * /packages/oauth2/login.php` consents at once (as the account chosen with `_emulator_account`, or
 * the emulator's signed-in account) and redirects with a one-minute `code`; `POST /token` takes
 * Basic client auth and the `authorization_code` and `refresh_token` grants. Access tokens live
 * 15 minutes, refresh tokens 14 days, or until revoked with `offline_access`.
 */
export interface OAuthClient {
  clientId: string;
  clientSecret: string | undefined;
  type: 'confidential' | 'public';
  redirectUris: string[];
}

interface Grant {
  clientId: string;
  accountId: number;
  scopes: string[];
}
interface Code extends Grant {
  /** The redirect URI used at consent: a token request that names one must name this one. */
  redirectUri: string;
  /** The S256 PKCE challenge, when the client sent one. */
  challenge: string | undefined;
  expiresAt: number;
}

export const ACCESS_TOKEN_SECONDS = 900;
export const REFRESH_TOKEN_SECONDS = 14 * 24 * 3600;
const CODE_SECONDS = 60;

export const KNOWN_SCOPES = new Set([
  'offline_access',
  'users.all:read', 'users.profile.me:read', 'users.status.me:read', 'users.tasks.me:read',
  'rooms.all:read_write', 'rooms.all:read', 'rooms.all:write',
  'rooms.info:read', 'rooms.members:read', 'rooms.messages:read', 'rooms.tasks:read', 'rooms.files:read',
  'rooms:write', 'rooms.info:write', 'rooms.members:write', 'rooms.messages:write', 'rooms.tasks:write', 'rooms.files:write',
  'contacts.all:read_write', 'contacts.all:read', 'contacts.all:write',
]);

const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;
const random = () => randomBytes(24).toString('base64url');

export class ChatworkOAuth {
  readonly clients = new Map<string, OAuthClient>();
  /** The account that "is signed in" on the consent page when a request names none. */
  signedInAccount: number | undefined;
  private readonly codes = new Map<string, Code>();
  private readonly access = new Map<string, Grant & { expiresAt: number }>();
  private readonly refresh = new Map<string, Grant & { expiresAt: number | null }>();

  constructor(
    private readonly world: ChatworkWorld,
    private readonly now: () => number,
    private readonly options: { rotateRefreshTokens?: boolean } = {},
  ) {}

  registerClient(input: { redirectUris: string[]; type?: 'confidential' | 'public' }): OAuthClient {
    const type = input.type ?? 'confidential';
    const client: OAuthClient = { clientId: random().slice(0, 20), clientSecret: type === 'confidential' ? random() : undefined, type, redirectUris: input.redirectUris };
    this.clients.set(client.clientId, client);
    return client;
  }

  /** The caller behind a Bearer token; 'expired' gives the documented WWW-Authenticate answer. */
  resolveBearer(token: string): Caller | 'expired' | undefined {
    const grant = this.access.get(token);
    if (!grant) return undefined;
    if (grant.expiresAt <= this.now()) return 'expired';
    return { accountId: grant.accountId, scopes: new Set(grant.scopes) };
  }

  /** Revokes an access or refresh token (and, for a refresh token, the access tokens of its grant). */
  revoke(token: string): boolean {
    const r = this.refresh.get(token);
    if (r) {
      for (const [t, a] of this.access) if (a.clientId === r.clientId && a.accountId === r.accountId) this.access.delete(t);
    }
    return this.refresh.delete(token) || this.access.delete(token);
  }

  /** `GET /packages/oauth2/login.php`: consent-screen error codes from PDF25 App.B. */
  consent(query: URLSearchParams): Answer {
    const fail = (code: number, message: string): Answer => ({ status: 400, json: { error_code: code, message } });
    const responseType = query.get('response_type');
    if (!responseType) return fail(1001, 'response_type is required');
    if (responseType !== 'code') return fail(4001, 'response_type must be code');
    const clientId = query.get('client_id');
    if (!clientId) return fail(11000, 'client_id is required');
    const client = this.clients.get(clientId);
    if (!client) return fail(11000, 'unknown client_id');
    let redirectUri = query.get('redirect_uri') ?? undefined;
    if (redirectUri === undefined) {
      if (client.redirectUris.length > 1) return fail(13000, 'redirect_uri is required');
      redirectUri = client.redirectUris[0]!;
    } else if (!URL.canParse(redirectUri)) return fail(14000, 'redirect_uri is malformed');
    else if (!client.redirectUris.includes(redirectUri)) return fail(15000, 'redirect_uri is not registered');
    const scopes = (query.get('scope') ?? '').split(' ').filter(Boolean);
    if (scopes.length === 0) return fail(5001, 'scope is required');
    if (scopes.some((s) => !KNOWN_SCOPES.has(s)) || (client.type === 'public' && scopes.includes('offline_access'))) {
      return fail(5002, 'unknown scope');
    }
    const challenge = query.get('code_challenge') ?? undefined;
    const method = query.get('code_challenge_method');
    if (method !== null && method !== 'S256') return fail(18000, 'code_challenge_method must be S256');
    if (challenge !== undefined && !PKCE_VALUE.test(challenge)) return fail(19000, 'code_challenge is malformed');
    // Emulator choice (UNCONFIRMED on the real service): a public client has no secret, so it must use PKCE.
    if (client.type === 'public' && challenge === undefined) return fail(19000, 'code_challenge is required for a public client');
    const back = new URL(redirectUri);
    const state = query.get('state');
    if (state !== null) back.searchParams.set('state', state);
    if (query.get('_emulator_deny') === '1') {
      back.searchParams.set('error', 'access_denied');
      return { status: 302, headers: { location: back.toString() } };
    }
    const accountId = Number(query.get('_emulator_account') ?? this.signedInAccount);
    if (!this.world.accounts.has(accountId)) return { status: 400, json: { error_code: 0, message: 'emulator: no signed-in account (set _emulator_account)' } };
    const code = random();
    this.codes.set(code, { clientId, accountId, scopes, redirectUri, challenge, expiresAt: this.now() + CODE_SECONDS * 1000 });
    back.searchParams.set('code', code);
    return { status: 302, headers: { location: back.toString() } };
  }

  /** `POST /token`, form-encoded. Errors are `{error, error_description, error_uri: null}` (RFC 6749 statuses). */
  token(authorization: string | undefined, form: URLSearchParams): Answer {
    const fail = (status: number, error: string, description: string): Answer => ({ status, json: { error, error_description: description, error_uri: null } });
    const client = this.authenticate(authorization, form);
    if (!client) return fail(401, 'invalid_client', 'client authentication failed');
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      if (!code || code.clientId !== client.clientId) return fail(400, 'invalid_grant', 'the code is invalid');
      this.codes.delete(form.get('code')!); // single use, even when the rest of the request is wrong
      if (code.expiresAt <= this.now()) return fail(400, 'invalid_grant', 'the code has expired');
      const redirectUri = form.get('redirect_uri');
      if (redirectUri !== null && redirectUri !== code.redirectUri) return fail(400, 'invalid_grant', 'redirect_uri does not match');
      if (code.challenge !== undefined) {
        const verifier = form.get('code_verifier') ?? '';
        if (!PKCE_VALUE.test(verifier) || createHash('sha256').update(verifier).digest('base64url') !== code.challenge) {
          return fail(400, 'invalid_grant', 'code_verifier does not match');
        }
      }
      const refreshToken = random();
      const offline = code.scopes.includes('offline_access');
      this.refresh.set(refreshToken, { ...pickGrant(code), expiresAt: offline ? null : this.now() + REFRESH_TOKEN_SECONDS * 1000 });
      return this.issue(code, refreshToken);
    }
    if (grantType === 'refresh_token') {
      const token = form.get('refresh_token') ?? '';
      const grant = this.refresh.get(token);
      if (!grant || grant.clientId !== client.clientId) return fail(400, 'invalid_grant', 'the refresh token is invalid');
      if (grant.expiresAt !== null && grant.expiresAt <= this.now()) return fail(400, 'invalid_grant', 'the refresh token has expired');
      const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
      if (asked.some((s) => !grant.scopes.includes(s))) return fail(400, 'invalid_scope', 'the scope exceeds the original grant');
      let refreshToken = token;
      if (this.options.rotateRefreshTokens) {
        this.refresh.delete(token);
        refreshToken = random();
        this.refresh.set(refreshToken, grant);
      }
      return this.issue({ ...grant, scopes: asked.length > 0 ? asked : grant.scopes }, refreshToken);
    }
    if (!grantType) return fail(400, 'invalid_request', 'grant_type is required');
    return fail(400, 'unsupported_grant_type', 'only authorization_code and refresh_token are supported');
  }

  private issue(grant: Grant, refreshToken: string): Answer {
    const accessToken = random();
    this.access.set(accessToken, { ...pickGrant(grant), expiresAt: this.now() + ACCESS_TOKEN_SECONDS * 1000 });
    return {
      status: 200,
      headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
      // expires_in is a string in the official example (§6): clients must parse it leniently.
      json: { access_token: accessToken, token_type: 'Bearer', expires_in: String(ACCESS_TOKEN_SECONDS), refresh_token: refreshToken, scope: grant.scopes.join(' ') },
    };
  }

  /** Basic auth with URL-encoded id and secret (as the official PHP provider sends), or a public client's `client_id`. */
  private authenticate(authorization: string | undefined, form: URLSearchParams): OAuthClient | undefined {
    const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const at = decoded.indexOf(':');
      if (at < 0) return undefined;
      const unescape = (s: string) => {
        try {
          return decodeURIComponent(s.replace(/\+/g, ' '));
        } catch {
          return s;
        }
      };
      const client = this.clients.get(unescape(decoded.slice(0, at)));
      return client && client.type === 'confidential' && client.clientSecret === unescape(decoded.slice(at + 1)) ? client : undefined;
    }
    const client = this.clients.get(form.get('client_id') ?? '');
    return client?.type === 'public' ? client : undefined;
  }
}

function pickGrant(g: Grant): Grant {
  return { clientId: g.clientId, accountId: g.accountId, scopes: g.scopes };
}
