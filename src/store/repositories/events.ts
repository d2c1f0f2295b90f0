import type { Skipped } from '../../domain/delivery.js';
import type { Executor } from '../database.js';

export interface StoredEvent {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  url: string | null;
  actorName: string | null;
  occurredAt: Date;
  createdAt: Date;
  skipped: Skipped[];
}

/** Inserts the event unless one with the same id exists; true when this call created it. */
export async function insertEventIfNew(db: Executor, orgId: string, e: StoredEvent): Promise<boolean> {
  const res = await db
    .insertInto('events')
    .values({
      org_id: orgId,
      id: e.id,
      kind: e.kind,
      title: e.title,
      body: e.body,
      url: e.url,
      actor_name: e.actorName,
      occurred_at: e.occurredAt,
      created_at: e.createdAt,
      skipped: JSON.stringify(e.skipped),
    })
    .onConflict((oc) => oc.columns(['org_id', 'id']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findEvent(db: Executor, orgId: string, id: string): Promise<StoredEvent | undefined> {
  const row = await db
    .selectFrom('events')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      kind: row.kind,
      title: row.title,
      body: row.body,
      url: row.url,
      actorName: row.actor_name,
      occurredAt: row.occurred_at,
      createdAt: row.created_at,
      skipped: row.skipped as Skipped[],
    }
  );
}
