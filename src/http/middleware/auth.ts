import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../domain/errors.js';
import { hashApiKey, sameHash } from '../../security/api-keys.js';
import type { Db } from '../../store/database.js';
import { findActiveKeyByHash } from '../../store/repositories/api-keys.js';
import type { AppEnv } from '../env.js';

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

const unauthorized = (message: string) => new AppError(401, 'unauthorized', message);

/** Org endpoints: `Authorization: Bearer <org API key>`; the key decides the org, never the request. */
export function orgAuth(db: Db): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = bearer(c.req.header('authorization'));
    if (!key) throw unauthorized('Send the org API key as Authorization: Bearer <key>');
    if (key.length > 256) throw unauthorized('The API key is not valid');
    const hash = hashApiKey(key);
    const found = await findActiveKeyByHash(db, hash);
    if (!found || !sameHash(found.hash, hash)) throw unauthorized('The API key is not valid or was revoked');
    c.set('orgId', found.orgId);
    await next();
  };
}

/** Platform endpoints (`/v1/orgs…`): only with TAYORI_ADMIN_API_KEY, compared in constant time. */
export function platformAuth(adminApiKey: string | undefined): MiddlewareHandler<AppEnv> {
  const expected = adminApiKey ? hashApiKey(adminApiKey) : undefined;
  return async (c, next) => {
    if (!expected) {
      throw new AppError(403, 'platform_disabled', 'Platform endpoints are off: set TAYORI_ADMIN_API_KEY to enable them');
    }
    const key = bearer(c.req.header('authorization'));
    if (!key || !sameHash(hashApiKey(key), expected)) throw unauthorized('Send the platform key as Authorization: Bearer <TAYORI_ADMIN_API_KEY>');
    await next();
  };
}
