import type { ChannelRegistry } from '../channels/registry.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { SecretBox } from '../security/secret-box.js';
import type { Db, DatabaseKind } from '../store/database.js';

/** What every use case needs, injected (no module-level singletons; DESIGN.md createApp(deps)). */
export interface AppContext {
  db: Db;
  dbKind: DatabaseKind;
  clock: Clock;
  newId: () => string;
  secretBox: SecretBox;
  channels: ChannelRegistry;
  logger: Logger;
  metrics: Metrics;
  extraWebhookOrigins: readonly string[];
  publicUrl: string;
  adminApiKey: string | undefined;
  /** CSP frame-ancestors of the settings pages (TAYORI_FRAME_ANCESTORS). */
  frameAncestors: string;
  /** Tells delivery workers that new work is due (in-process signal, NOTIFY on PostgreSQL). */
  wakeWorkers: () => void;
}
