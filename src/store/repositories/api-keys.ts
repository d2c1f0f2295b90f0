import type { Executor } from '../database.js';

export async function insertApiKey(
  db: Executor,
  key: { prefix: string; orgId: string; hash: Buffer; createdAt: Date },
): Promise<void> {
  await db
    .insertInto('api_keys')
    .values({ prefix: key.prefix, org_id: key.orgId, hash: key.hash, created_at: key.createdAt })
    .execute();
}

/** The org an unrevoked key belongs to, looked up by the key's hash. */
export async function findActiveKeyByHash(
  db: Executor,
  hash: Buffer,
): Promise<{ orgId: string; prefix: string; hash: Buffer } | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .select(['org_id', 'prefix', 'hash'])
    .where('hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row && { orgId: row.org_id, prefix: row.prefix, hash: row.hash };
}

export async function revokeApiKey(db: Executor, orgId: string, prefix: string, at: Date): Promise<boolean> {
  const res = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('org_id', '=', orgId)
    .where('prefix', '=', prefix)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
