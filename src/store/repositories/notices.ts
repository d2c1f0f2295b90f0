import type { Executor } from '../database.js';

export interface Notice {
  id: string;
  kind: string;
  service: string | null;
  reason: string | null;
  deliveryId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export async function listNotices(db: Executor, orgId: string, userId: string, limit = 50): Promise<Notice[]> {
  const rows = await db
    .selectFrom('notices')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    service: r.service,
    reason: r.reason,
    deliveryId: r.delivery_id,
    createdAt: r.created_at,
    readAt: r.read_at,
  }));
}

export async function markNoticeRead(db: Executor, orgId: string, userId: string, id: string, now: Date): Promise<boolean> {
  const res = await db
    .updateTable('notices')
    .set({ read_at: now })
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
