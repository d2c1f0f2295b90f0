import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { DEFAULT_ORG_ID, ensureDefaultOrg, FIRST_ADMIN_ID } from './bootstrap.js';
import { ChannelRegistry } from './channels/registry.js';
import { createChatworkChannel } from './channels/chatwork/channel.js';
import { createSlackChannel } from './channels/slack/channel.js';
import { createTeamsChannel } from './channels/teams/channel.js';
import type { Channel } from './channels/channel.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { reapAllLeases } from './delivery/reaper.js';
import { DeliveryWorker } from './delivery/worker.js';
import { createApp } from './http/app.js';
import { createUuidV7Generator } from './ids.js';
import { createLogger, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { queueStats } from './store/queue-stats.js';
import { loadOrCreateKeyFile } from './secret-key-file.js';
import { SecretBox } from './security/secret-box.js';
import { openDatabase, type Database } from './store/database.js';
import { migrateToLatest } from './store/migrate.js';
import { WakeBus } from './store/wake-bus.js';
import type { AppContext } from './usecases/context.js';
import { createSignInLink, type SignInLink } from './usecases/sign-in.js';

export interface StartOptions {
  /** Serve HTTP (false for `tayori worker`). */
  http?: boolean;
  /** Use this database instead of opening one from the config (tests). */
  database?: Database;
  clock?: Clock;
  logger?: Logger;
  /** Extra or replacement channels (tests). */
  channels?: Channel[];
  workerOptions?: { pollMs?: number; leaseMs?: number; concurrency?: number; reapEveryMs?: number; random?: () => number };
}

export interface Tayori {
  ctx: AppContext;
  database: Database;
  workers: DeliveryWorker[];
  /** Base URL of the HTTP server, when serving. */
  url: string | undefined;
  /** The default org's API key, present only on the very first start (print it once). */
  firstStartApiKey: string | undefined;
  /** On the very first start, a sign-in link for the first administrator (PRODUCT §8). */
  firstStartSignIn: SignInLink | undefined;
  /** Stops accepting requests and claims, finishes in-flight sends, closes the database. */
  close(): Promise<void>;
}

export function createChannels(config: Config, clock: Clock): Channel[] {
  return [
    createChatworkChannel({ apiUrl: config.chatworkApiUrl, clock }),
    createSlackChannel({ extraWebhookOrigins: config.extraWebhookOrigins, clock }),
    createTeamsChannel({ extraWebhookOrigins: config.extraWebhookOrigins, clock }),
  ];
}

function resolveSecretKeys(config: Config, database: Database): string {
  if (config.secretKeys) return config.secretKeys;
  if (database.kind === 'postgres') throw new Error('TAYORI_SECRET_KEY is required with PostgreSQL');
  if (config.dataDir.startsWith('memory://')) return loadEphemeralKey();
  return loadOrCreateKeyFile(config.dataDir).keys;
}

let ephemeralKey: string | undefined;
function loadEphemeralKey(): string {
  ephemeralKey ??= Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
  return ephemeralKey;
}

/** Composition root: everything is created here and injected; nothing is a module-level singleton. */
export async function startTayori(config: Config, options: StartOptions = {}): Promise<Tayori> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const database = options.database ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir }));
  await migrateToLatest(database.db as never);
  const secretBox = new SecretBox(resolveSecretKeys(config, database));
  const boot = await ensureDefaultOrg(database.db, config.bootstrapApiKey, clock.now());
  const wakeBus = new WakeBus(database.pool, logger);
  const channels = new ChannelRegistry(options.channels ?? createChannels(config, clock));
  const metrics = new Metrics(() => queueStats(database.db, clock.now()));
  const ctx: AppContext = {
    db: database.db,
    dbKind: database.kind,
    clock,
    newId: createUuidV7Generator(() => clock.now().getTime()),
    secretBox,
    channels,
    logger,
    metrics,
    extraWebhookOrigins: config.extraWebhookOrigins,
    publicUrl: config.publicUrl,
    adminApiKey: config.adminApiKey,
    frameAncestors: config.frameAncestors,
    wakeWorkers: () => wakeBus.wake(),
  };

  if (database.kind === 'pglite') {
    // The embedded database belongs to this process alone: any lease left in it is from a crash.
    const n = await reapAllLeases(database.db, clock.now(), config.retrySchedule.length + 1);
    if (n > 0) logger.warn({ count: n }, 'requeued deliveries interrupted by the previous stop');
  }

  const workers: DeliveryWorker[] = [];
  for (let i = 0; i < config.workers; i++) {
    const worker = new DeliveryWorker({
      db: database.db,
      channels,
      secretBox,
      clock,
      logger,
      metrics,
      retrySchedule: config.retrySchedule,
      newId: ctx.newId,
      ...options.workerOptions,
    });
    wakeBus.subscribe(() => worker.wake());
    workers.push(worker);
  }
  if (workers.length > 0) await wakeBus.listen();
  for (const w of workers) w.start();

  let server: ServerType | undefined;
  let url: string | undefined;
  if (options.http !== false) {
    const app = createApp(ctx);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    });
    const address = server.address() as AddressInfo;
    url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
    if (ctx.publicUrl === '') ctx.publicUrl = url;
  }

  let closing: Promise<void> | undefined;
  return {
    ctx,
    database,
    workers,
    url,
    firstStartApiKey: boot.apiKey,
    firstStartSignIn: boot.created ? await createSignInLink(ctx, DEFAULT_ORG_ID, FIRST_ADMIN_ID) : undefined,
    close: () =>
      (closing ??= (async () => {
        if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
        await Promise.all(workers.map((w) => w.stop()));
        await wakeBus.close();
        if (!options.database) await database.close();
      })()),
  };
}
