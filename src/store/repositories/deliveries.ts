import type { DeliveryStatus } from '../../domain/delivery.js';
import type { Service } from '../../domain/service.js';
import type { Executor } from '../database.js';
import type { AttemptRow, DeliveryRow, NewDelivery } from '../schema.js';

export interface DeliveryView {
  id: string;
  eventId: string;
  userId: string;
  service: Service;
  kind: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: Date | null;
  lastReason: string | null;
  lastDetail: string | null;
  providerMessageId: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export interface AttemptView {
  attempt: number;
  startedAt: Date;
  durationMs: number;
  outcome: string;
  reason: string | null;
  statusCode: number | null;
  detail: string | null;
  retryAt: Date | null;
}

export function toDeliveryView(row: DeliveryRow): DeliveryView {
  const waiting = row.status === 'queued';
  return {
    id: row.id,
    eventId: row.event_id,
    userId: row.user_id,
    service: row.service as Service,
    kind: row.kind,
    status: row.status as DeliveryStatus,
    attemptCount: row.attempt_count,
    nextAttemptAt: waiting ? row.next_attempt_at : null,
    lastReason: row.last_reason,
    lastDetail: row.last_detail,
    providerMessageId: row.provider_message_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

function toAttemptView(row: AttemptRow): AttemptView {
  return {
    attempt: row.attempt_no,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    outcome: row.outcome,
    reason: row.reason,
    statusCode: row.status_code,
    detail: row.detail,
    retryAt: row.retry_at,
  };
}

export async function insertDeliveries(db: Executor, rows: NewDelivery[]): Promise<void> {
  // Chunked so one huge event stays under PostgreSQL's 65,535 bind parameters.
  for (let i = 0; i < rows.length; i += 2000) {
    await db.insertInto('deliveries').values(rows.slice(i, i + 2000)).execute();
  }
}

export async function listEventDeliveries(db: Executor, orgId: string, eventId: string): Promise<DeliveryView[]> {
  const rows = await db
    .selectFrom('deliveries')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('event_id', '=', eventId)
    .orderBy('id')
    .execute();
  return rows.map(toDeliveryView);
}

export async function findDelivery(db: Executor, orgId: string, id: string): Promise<DeliveryView | undefined> {
  const row = await db
    .selectFrom('deliveries')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toDeliveryView(row);
}

export interface DeliveryFilter {
  userId?: string | undefined;
  status?: DeliveryStatus | undefined;
  service?: Service | undefined;
  eventId?: string | undefined;
  /** Exclusive upper bound on id: the cursor of "newest first" pages. */
  before?: string | undefined;
  limit: number;
}

export async function listDeliveries(db: Executor, orgId: string, f: DeliveryFilter): Promise<DeliveryView[]> {
  let q = db.selectFrom('deliveries').selectAll().where('org_id', '=', orgId);
  if (f.userId !== undefined) q = q.where('user_id', '=', f.userId);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.service !== undefined) q = q.where('service', '=', f.service);
  if (f.eventId !== undefined) q = q.where('event_id', '=', f.eventId);
  if (f.before !== undefined) q = q.where('id', '<', f.before);
  const rows = await q.orderBy('id', 'desc').limit(f.limit).execute();
  return rows.map(toDeliveryView);
}

export async function listAttempts(
  db: Executor,
  orgId: string,
  deliveryIds: readonly string[],
): Promise<Map<string, AttemptView[]>> {
  const byDelivery = new Map<string, AttemptView[]>();
  if (deliveryIds.length === 0) return byDelivery;
  const rows = await db
    .selectFrom('attempts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('delivery_id', 'in', deliveryIds)
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = byDelivery.get(r.delivery_id) ?? [];
    list.push(toAttemptView(r));
    byDelivery.set(r.delivery_id, list);
  }
  return byDelivery;
}

/** Puts a failed or dead delivery back in the queue, due now. */
export async function requeueDelivery(db: Executor, orgId: string, id: string, now: Date): Promise<DeliveryView | undefined> {
  const row = await db
    .updateTable('deliveries')
    .set({ status: 'queued', next_attempt_at: now, scheduled: true, updated_at: now, finished_at: null })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', 'in', ['failed', 'dead'])
    .returningAll()
    .executeTakeFirst();
  return row && toDeliveryView(row);
}
