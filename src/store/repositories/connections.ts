import type { ConnectionStatus, ConnectionType } from '../../domain/connection.js';
import type { Service } from '../../domain/service.js';
import type { Executor } from '../database.js';
import type { RateLimit } from '../../domain/rate-limit.js';
import type { ConnectionRow } from '../schema.js';

/** A connection as stored: secrets still sealed. */
export interface StoredConnection {
  orgId: string;
  userId: string;
  service: Service;
  type: ConnectionType;
  enabled: boolean;
  status: ConnectionStatus;
  brokenReason: string | null;
  brokenAt: Date | null;
  brokenDeliveryId: string | null;
  config: Record<string, unknown>;
  sealedSecrets: string;
  destination: string;
  limits: RateLimit[];
  createdAt: Date;
  updatedAt: Date;
}

export function toStoredConnection(row: ConnectionRow): StoredConnection {
  return {
    orgId: row.org_id,
    userId: row.user_id,
    service: row.service as Service,
    type: row.type === 'linked' ? 'linked' : 'personal',
    enabled: row.enabled,
    status: row.status === 'broken' ? 'broken' : 'ok',
    brokenReason: row.broken_reason,
    brokenAt: row.broken_at,
    brokenDeliveryId: row.broken_delivery_id,
    config: row.config,
    sealedSecrets: row.secrets,
    destination: row.destination,
    limits: row.limits,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Associated data binding sealed secrets to their row, so a sealed value cannot be moved to another user. */
export function secretsContext(orgId: string, userId: string, service: string): string {
  return `connection:${orgId}:${userId}:${service}`;
}

export async function findConnection(
  db: Executor,
  orgId: string,
  userId: string,
  service: Service,
): Promise<StoredConnection | undefined> {
  const row = await db
    .selectFrom('connections')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('service', '=', service)
    .executeTakeFirst();
  return row && toStoredConnection(row);
}

export async function listConnections(
  db: Executor,
  orgId: string,
  userIds: readonly string[],
): Promise<StoredConnection[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('connections')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('user_id', 'in', userIds)
    .orderBy('service')
    .execute();
  return rows.map(toStoredConnection);
}

/** What saving writes: everything but the timestamps, which the store sets. */
export type ConnectionWrite = Omit<StoredConnection, 'createdAt' | 'updatedAt'>;

export async function saveConnection(db: Executor, c: ConnectionWrite, now: Date): Promise<StoredConnection> {
  const values = {
    org_id: c.orgId,
    user_id: c.userId,
    service: c.service,
    type: c.type,
    enabled: c.enabled,
    status: c.status,
    broken_reason: c.brokenReason,
    broken_at: c.brokenAt,
    broken_delivery_id: c.brokenDeliveryId,
    config: JSON.stringify(c.config),
    secrets: c.sealedSecrets,
    destination: c.destination,
    limits: JSON.stringify(c.limits),
    created_at: now,
    updated_at: now,
  };
  const row = await db
    .insertInto('connections')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['org_id', 'user_id', 'service']).doUpdateSet((eb) => ({
        type: eb.ref('excluded.type'),
        enabled: eb.ref('excluded.enabled'),
        status: eb.ref('excluded.status'),
        broken_reason: eb.ref('excluded.broken_reason'),
        broken_at: eb.ref('excluded.broken_at'),
        broken_delivery_id: eb.ref('excluded.broken_delivery_id'),
        config: eb.ref('excluded.config'),
        secrets: eb.ref('excluded.secrets'),
        destination: eb.ref('excluded.destination'),
        limits: eb.ref('excluded.limits'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toStoredConnection(row);
}

export async function deleteConnection(db: Executor, orgId: string, userId: string, service: Service): Promise<boolean> {
  const res = await db
    .deleteFrom('connections')
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('service', '=', service)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/**
 * Marks a connection broken after a permanent failure. Fenced on the destination so a failure of
 * old credentials cannot break a connection the user has since re-saved with new ones.
 */
export async function markConnectionBroken(
  db: Executor,
  target: { orgId: string; userId: string; service: Service; destination: string },
  reason: string,
  deliveryId: string | null,
  now: Date,
): Promise<boolean> {
  const res = await db
    .updateTable('connections')
    .set({ status: 'broken', broken_reason: reason, broken_at: now, broken_delivery_id: deliveryId, updated_at: now })
    .where('org_id', '=', target.orgId)
    .where('user_id', '=', target.userId)
    .where('service', '=', target.service)
    .where('destination', '=', target.destination)
    .where('status', '=', 'ok')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function markConnectionOk(
  db: Executor,
  target: { orgId: string; userId: string; service: Service; destination: string },
  now: Date,
): Promise<void> {
  await db
    .updateTable('connections')
    .set({ status: 'ok', broken_reason: null, broken_at: null, broken_delivery_id: null, updated_at: now })
    .where('org_id', '=', target.orgId)
    .where('user_id', '=', target.userId)
    .where('service', '=', target.service)
    .where('destination', '=', target.destination)
    .execute();
}
