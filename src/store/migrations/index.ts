import type { Migration } from 'kysely';
import * as foundation from './20261121T0000-foundation.js';
import * as deliveryEngine from './20261122T0000-delivery-engine.js';
import * as destinationQueueIndex from './20261122T0010-destination-queue-index.js';
import * as sessions from './20261122T0100-sessions.js';
import * as scheduledQueue from './20261122T0200-scheduled-queue.js';
import * as sessionsDerivedCsrf from './20261123T0000-sessions-derived-csrf.js';

/** Every migration, in order. Add new files at the end; never edit one that has shipped. */
export const MIGRATIONS: Record<string, Migration> = {
  '20261121T0000-foundation': foundation,
  '20261122T0000-delivery-engine': deliveryEngine,
  '20261122T0010-destination-queue-index': destinationQueueIndex,
  '20261122T0100-sessions': sessions,
  '20261122T0200-scheduled-queue': scheduledQueue,
  '20261123T0000-sessions-derived-csrf': sessionsDerivedCsrf,
};
