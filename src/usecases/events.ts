import { AppError, NotFoundError } from '../domain/errors.js';
import type { Skipped } from '../domain/delivery.js';
import { enqueueDeliveries } from '../delivery/outbox.js';
import { routeEvent, type Recipient } from '../router/route-event.js';
import { listConnections } from '../store/repositories/connections.js';
import { listAttempts, listEventDeliveries, type AttemptView, type DeliveryView } from '../store/repositories/deliveries.js';
import { findEvent, insertEventIfNew, type StoredEvent } from '../store/repositories/events.js';
import { listKinds } from '../store/repositories/kinds.js';
import { listChoices } from '../store/repositories/preferences.js';
import { findUsers } from '../store/repositories/users.js';
import type { AppContext } from './context.js';

export interface EventInput {
  id: string;
  kind: string;
  title: string;
  body?: string | undefined;
  url?: string | undefined;
  actor?: { name: string } | undefined;
  recipients: (string | { userId: string; kind?: string | undefined })[];
  occurredAt?: string | undefined;
}

export interface EventAccepted {
  eventId: string;
  deliveries: { id: string; userId: string; service: string; status: string }[];
  skipped: Skipped[];
  duplicate?: true;
}

/**
 * `POST /v1/events`: routes the event and writes it with its deliveries in one transaction, so a 202
 * means nothing can be lost. The same id again answers with what the first call planned.
 */
export async function acceptEvent(ctx: AppContext, orgId: string, input: EventInput): Promise<EventAccepted> {
  const recipients: Recipient[] = input.recipients.map((r) =>
    typeof r === 'string' ? { userId: r, kind: input.kind } : { userId: r.userId, kind: r.kind ?? input.kind },
  );
  const now = ctx.clock.now();
  const result = await ctx.db.transaction().execute(async (tx) => {
    const kinds = await listKinds(tx, orgId);
    const byKey = new Map(kinds.map((k) => [k.key, { key: k.key, defaultOn: k.defaultOn }]));
    const unknown = [...new Set(recipients.map((r) => r.kind))].filter((k) => !byKey.has(k));
    if (!byKey.has(input.kind) || unknown.length > 0) {
      const fields = [];
      if (!byKey.has(input.kind)) fields.push({ field: 'kind', message: `kind '${input.kind}' is not in this org's catalogue (PUT /v1/kinds/${input.kind} first)` });
      input.recipients.forEach((r, i) => {
        if (typeof r !== 'string' && r.kind !== undefined && !byKey.has(r.kind)) {
          fields.push({ field: `recipients.${i}.kind`, message: `kind '${r.kind}' is not in this org's catalogue` });
        }
      });
      throw new AppError(422, 'unknown_kind', 'The event names a kind this org has not defined', { fields });
    }
    const event: StoredEvent = {
      id: input.id,
      kind: input.kind,
      title: input.title,
      body: input.body ?? null,
      url: input.url ?? null,
      actorName: input.actor?.name ?? null,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : now,
      createdAt: now,
      skipped: [],
    };
    const userIds = [...new Set(recipients.map((r) => r.userId))];
    const [users, connections, choices] = await Promise.all([
      findUsers(tx, orgId, userIds),
      listConnections(tx, orgId, userIds),
      listChoices(tx, orgId, userIds),
    ]);
    const connectionsByUser = new Map<string, typeof connections>();
    for (const c of connections) connectionsByUser.set(c.userId, [...(connectionsByUser.get(c.userId) ?? []), c]);
    const plan = routeEvent({
      recipients,
      knownUsers: new Set(users.map((u) => u.id)),
      connections: connectionsByUser,
      choices,
      kinds: byKey,
      services: ctx.channels.services(),
    });
    event.skipped = plan.skipped;
    if (!(await insertEventIfNew(tx, orgId, event))) return undefined;
    const destination = (userId: string, service: string) =>
      connectionsByUser.get(userId)!.find((c) => c.service === service)!.destination;
    const deliveries = await enqueueDeliveries(
      tx,
      orgId,
      event.id,
      plan.deliveries,
      (d) => destination(d.userId, d.service),
      now,
      ctx.newId,
    );
    return { eventId: event.id, deliveries, skipped: plan.skipped };
  });
  ctx.metrics.recordEvent(result === undefined);
  if (result === undefined) return replay(ctx, orgId, input.id);
  if (result.deliveries.length > 0) ctx.wakeWorkers();
  return result;
}

async function replay(ctx: AppContext, orgId: string, eventId: string): Promise<EventAccepted> {
  const event = await findEvent(ctx.db, orgId, eventId);
  if (!event) throw new NotFoundError('event', eventId);
  const deliveries = await listEventDeliveries(ctx.db, orgId, eventId);
  return {
    eventId,
    deliveries: deliveries.map((d) => ({ id: d.id, userId: d.userId, service: d.service, status: d.status })),
    skipped: event.skipped,
    duplicate: true,
  };
}

export interface EventDetail {
  event: Omit<StoredEvent, 'skipped' | 'actorName'> & { actor: { name: string } | null };
  deliveries: (DeliveryView & { attempts: AttemptView[] })[];
  skipped: Skipped[];
}

export async function getEventDetail(ctx: AppContext, orgId: string, eventId: string): Promise<EventDetail> {
  const event = await findEvent(ctx.db, orgId, eventId);
  if (!event) throw new NotFoundError('event', eventId);
  const deliveries = await listEventDeliveries(ctx.db, orgId, eventId);
  const attempts = await listAttempts(ctx.db, orgId, deliveries.map((d) => d.id));
  const { skipped, actorName, ...rest } = event;
  return {
    event: { ...rest, actor: actorName === null ? null : { name: actorName } },
    deliveries: deliveries.map((d) => ({ ...d, attempts: attempts.get(d.id) ?? [] })),
    skipped,
  };
}
