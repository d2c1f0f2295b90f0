import type { Service } from './service.js';

export const DELIVERY_STATUSES = ['queued', 'sending', 'delivered', 'failed', 'dead', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Why a recipient got no delivery on a service (PRODUCT §3). */
export const SKIP_REASONS = ['unknown_user', 'no_connection', 'kind_not_selected', 'connection_broken'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface PlannedDelivery {
  userId: string;
  service: Service;
  kind: string;
}

export interface Skipped {
  userId: string;
  service?: Service;
  reason: SkipReason;
}

/** How one try ended. */
export type AttemptOutcome = 'delivered' | 'retry' | 'failed' | 'dead' | 'lost';
