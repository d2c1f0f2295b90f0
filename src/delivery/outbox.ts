import type { PlannedDelivery } from '../domain/delivery.js';
import type { Executor } from '../store/database.js';
import { insertDeliveries } from '../store/repositories/deliveries.js';
import type { NewDelivery } from '../store/schema.js';

export interface QueuedDelivery {
  id: string;
  userId: string;
  service: PlannedDelivery['service'];
  status: 'queued';
}

/**
 * Writes the planned deliveries in the caller's transaction, so an event is never committed without
 * them (transactional outbox). `destinationOf` gives each delivery's ordering and rate-limit key.
 */
export async function enqueueDeliveries(
  tx: Executor,
  orgId: string,
  eventId: string,
  planned: readonly PlannedDelivery[],
  destinationOf: (d: PlannedDelivery) => string,
  now: Date,
  newId: () => string,
): Promise<QueuedDelivery[]> {
  const rows: NewDelivery[] = planned.map((d) => ({
    id: newId(),
    org_id: orgId,
    event_id: eventId,
    user_id: d.userId,
    service: d.service,
    kind: d.kind,
    status: 'queued',
    next_attempt_at: now,
    destination: destinationOf(d),
    created_at: now,
    updated_at: now,
  }));
  await insertDeliveries(tx, rows);
  return rows.map((r) => ({ id: r.id, userId: r.user_id, service: r.service as PlannedDelivery['service'], status: 'queued' }));
}
