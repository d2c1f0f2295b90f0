import { sql } from 'kysely';
import type { Executor } from './database.js';
import { secretsContext } from './repositories/connections.js';

/** One row's sealed value, with what binds it to the row (the associated data it was sealed with). */
export interface SealedValue {
  /** The row's primary key, in key order. */
  key: string[];
  sealed: string;
  context: string;
}

/**
 * A column holding values sealed by SecretBox. Every such column is listed in SEALED_COLUMNS:
 * `tayori keys rotate` re-encrypts exactly these, so a new sealed column (OAuth tokens, client secrets)
 * must be added here to take part in key rotation.
 */
export interface SealedColumn {
  name: string;
  /** Rows whose value was not sealed with `keyId`, after `after` in key order, at most `limit`. */
  listStale(db: Executor, keyId: string, after: string[] | undefined, limit: number): Promise<SealedValue[]>;
  /** Writes `to` in the row named by `key` only if the row still holds `from`: a concurrent save wins. */
  replace(db: Executor, key: string[], from: string, to: string): Promise<boolean>;
  countStale(db: Executor, keyId: string): Promise<number>;
}

/** Values sealed with key `keyId` start `v1.<keyId>.`; key ids are hex, so they hold no LIKE wildcard. */
const sealedWith = (keyId: string) => `v1.${keyId}.%`;

const connectionSecrets: SealedColumn = {
  name: 'connections.secrets',
  async listStale(db, keyId, after, limit) {
    let q = db
      .selectFrom('connections')
      .select(['org_id', 'user_id', 'service', 'secrets'])
      .where('secrets', 'not like', sealedWith(keyId));
    if (after) q = q.where(sql<boolean>`(org_id, user_id, service) > (${after[0]}, ${after[1]}, ${after[2]})`);
    const rows = await q.orderBy('org_id').orderBy('user_id').orderBy('service').limit(limit).execute();
    return rows.map((r) => ({ key: [r.org_id, r.user_id, r.service], sealed: r.secrets, context: secretsContext(r.org_id, r.user_id, r.service) }));
  },
  async replace(db, [orgId, userId, service], from, to) {
    const res = await db
      .updateTable('connections')
      .set({ secrets: to })
      .where('org_id', '=', orgId!)
      .where('user_id', '=', userId!)
      .where('service', '=', service!)
      .where('secrets', '=', from)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  },
  async countStale(db, keyId) {
    const row = await db
      .selectFrom('connections')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('secrets', 'not like', sealedWith(keyId))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
};

export const SEALED_COLUMNS: readonly SealedColumn[] = [connectionSecrets];
