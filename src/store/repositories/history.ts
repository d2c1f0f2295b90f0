import type { DeliveryStatus } from '../../domain/delivery.js';
import type { Service } from '../../domain/service.js';
import type { Executor } from '../database.js';

/** One line of a user's 配信履歴: the delivery with the title of its event. */
export interface HistoryEntry {
  id: string;
  service: Service;
  kind: string;
  status: DeliveryStatus;
  attemptCount: number;
  lastReason: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  finishedAt: Date | null;
  title: string;
  url: string | null;
}

/** A user's deliveries, newest first; `before` (a delivery id) pages back (ids are time-ordered UUIDv7). */
export async function listUserHistory(
  db: Executor,
  orgId: string,
  userId: string,
  options: { before?: string | undefined; limit: number },
): Promise<HistoryEntry[]> {
  let q = db
    .selectFrom('deliveries as d')
    .innerJoin('events as e', (j) => j.onRef('e.org_id', '=', 'd.org_id').onRef('e.id', '=', 'd.event_id'))
    .select([
      'd.id',
      'd.service',
      'd.kind',
      'd.status',
      'd.attempt_count',
      'd.last_reason',
      'd.next_attempt_at',
      'd.created_at',
      'd.finished_at',
      'e.title',
      'e.url',
    ])
    .where('d.org_id', '=', orgId)
    .where('d.user_id', '=', userId);
  if (options.before !== undefined) q = q.where('d.id', '<', options.before);
  const rows = await q.orderBy('d.id', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    service: r.service as Service,
    kind: r.kind,
    status: r.status as DeliveryStatus,
    attemptCount: r.attempt_count,
    lastReason: r.last_reason,
    nextAttemptAt: r.status === 'queued' ? r.next_attempt_at : null,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    title: r.title,
    url: r.url,
  }));
}
