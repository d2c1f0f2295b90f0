import type { Executor } from '../database.js';

export interface Org {
  id: string;
  name: string;
  createdAt: Date;
}

export async function insertOrg(db: Executor, org: Org): Promise<boolean> {
  const res = await db
    .insertInto('orgs')
    .values({ id: org.id, name: org.name, created_at: org.createdAt })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findOrg(db: Executor, id: string): Promise<Org | undefined> {
  const row = await db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, name: row.name, createdAt: row.created_at };
}
