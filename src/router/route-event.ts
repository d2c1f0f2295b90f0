import type { ConnectionState } from '../domain/connection.js';
import type { PlannedDelivery, Skipped } from '../domain/delivery.js';
import { isKindSelected, type KindDefault, type PreferenceChoice } from '../domain/preference.js';
import type { Service } from '../domain/service.js';

export interface Recipient {
  userId: string;
  /** The kind this recipient gets the event as; the event's own kind when the host sent none. */
  kind: string;
}

export interface RoutingInput {
  recipients: readonly Recipient[];
  /** Users that exist in the org. */
  knownUsers: ReadonlySet<string>;
  connections: ReadonlyMap<string, readonly ConnectionState[]>;
  choices: ReadonlyMap<string, readonly PreferenceChoice[]>;
  kinds: ReadonlyMap<string, KindDefault>;
  /** Services this deployment can send to; connections to any other are ignored. */
  services: readonly Service[];
}

export interface RoutingPlan {
  deliveries: PlannedDelivery[];
  skipped: Skipped[];
}

/**
 * PRODUCT §3 routing: for each recipient, for each service whose connection is enabled and ok and
 * whose preference holds the recipient's kind, one delivery; everything else is explained in `skipped`.
 * A recipient listed twice is routed once (the first mention wins).
 */
export function routeEvent(input: RoutingInput): RoutingPlan {
  const deliveries: PlannedDelivery[] = [];
  const skipped: Skipped[] = [];
  const seen = new Set<string>();
  for (const { userId, kind } of input.recipients) {
    if (seen.has(userId)) continue;
    seen.add(userId);
    if (!input.knownUsers.has(userId)) {
      skipped.push({ userId, reason: 'unknown_user' });
      continue;
    }
    const enabled = (input.connections.get(userId) ?? []).filter(
      (c) => c.enabled && input.services.includes(c.service),
    );
    if (enabled.length === 0) {
      skipped.push({ userId, reason: 'no_connection' });
      continue;
    }
    const kindDefault = input.kinds.get(kind);
    const choices = input.choices.get(userId) ?? [];
    for (const c of enabled) {
      if (c.status !== 'ok') skipped.push({ userId, service: c.service, reason: 'connection_broken' });
      else if (!kindDefault || !isKindSelected(choices, c.service, kindDefault))
        skipped.push({ userId, service: c.service, reason: 'kind_not_selected' });
      else deliveries.push({ userId, service: c.service, kind });
    }
  }
  return { deliveries, skipped };
}
