import { apiKeyPrefix, generateApiKey, hashApiKey } from './security/api-keys.js';
import type { Db } from './store/database.js';
import { insertApiKey } from './store/repositories/api-keys.js';
import { insertOrg } from './store/repositories/orgs.js';
import { upsertUser } from './store/repositories/users.js';

export const DEFAULT_ORG_ID = 'default';
/** The administrator created on first start, so the printed sign-in link has someone to sign in. */
export const FIRST_ADMIN_ID = 'admin';

/**
 * First start: creates org `default` with an API key and its first user, `admin` (管理者, role admin).
 * An operator-chosen key (TAYORI_BOOTSTRAP_API_KEY) is used as is; otherwise a key is generated and
 * returned once to be printed.
 */
export async function ensureDefaultOrg(
  db: Db,
  bootstrapApiKey: string | undefined,
  now: Date,
): Promise<{ created: boolean; apiKey?: string }> {
  return db.transaction().execute(async (tx) => {
    if (!(await insertOrg(tx, { id: DEFAULT_ORG_ID, name: 'Default', createdAt: now }))) return { created: false };
    const key = bootstrapApiKey ?? generateApiKey().key;
    await insertApiKey(tx, { prefix: apiKeyPrefix(key), orgId: DEFAULT_ORG_ID, hash: hashApiKey(key), createdAt: now });
    await upsertUser(tx, DEFAULT_ORG_ID, FIRST_ADMIN_ID, { name: '管理者', role: 'admin' }, now);
    return bootstrapApiKey ? { created: true } : { created: true, apiKey: key };
  });
}
