import { DEFAULT_ORG_ID } from './bootstrap.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { startTayori, type Tayori } from './main.js';
import { openDatabase } from './store/database.js';
import { migrateToLatest } from './store/migrate.js';
import { AppError } from './domain/errors.js';
import { createSignInLink, SIGN_IN_LINK_TTL_MS } from './usecases/sign-in.js';
import { runKeysCommand } from './cli-keys.js';
import { serverRunning } from './local-server.js';

const USAGE = `Usage: tayori <command>

  serve      API, settings pages and delivery workers (default)
  worker     delivery workers only (PostgreSQL: DATABASE_URL)
  migrate    bring the database schema up to date
  emulators  local Chatwork / Slack / Teams / SMTP stand-ins with a page showing what they received
  sign-in-link <userId> [--org <id>]
             print a fresh single-use link (10 minutes) to that user's settings pages (org: default)
  keys rotate [--batch-size <n>]
             re-encrypt every stored secret with the first key of TAYORI_SECRET_KEY (embedded database
             without TAYORI_SECRET_KEY: generate a new key into the data directory's secret.key)

Configuration is read from the environment; see docs/configuration.md.`;

function stopOnSignals(t: { close(): Promise<void> }, logger: ReturnType<typeof createLogger>) {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn('second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping: no new work is taken, sends in flight finish first');
    t.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function printStart(t: Tayori) {
  const base = t.ctx.publicUrl;
  const lines = [
    '',
    `  Tayori is listening on ${t.url} (database: ${t.database.kind}).`,
    `  API:            ${base}/v1   (reference: ${base}/docs)`,
  ];
  if (t.firstStartApiKey) {
    lines.push(
      '',
      '  The API key of org "default" (shown only this once; store it now):',
      `    ${t.firstStartApiKey}`,
    );
  }
  if (t.firstStartSignIn) {
    lines.push(
      '',
      `  Settings pages of the administrator "admin" (管理者): this link works once, for ${SIGN_IN_LINK_TTL_MS / 60_000} minutes`,
      `    ${t.firstStartSignIn.url}`,
      '  A new one at any time: npx tayori sign-in-link admin',
    );
  }
  console.log(lines.join('\n') + '\n');
}

/** `tayori sign-in-link <userId> [--org <id>]`: what an operator uses when the first link has expired. */
async function printSignInLink(config: Config, args: string[]): Promise<void> {
  let orgId: string | undefined = DEFAULT_ORG_ID;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--org') orgId = args[++i];
    else positional.push(args[i]!);
  }
  const [userId, ...extra] = positional;
  if (!userId || !orgId || extra.length > 0 || userId.startsWith('-')) {
    console.error('usage: tayori sign-in-link <userId> [--org <id>]');
    process.exitCode = 2;
    return;
  }
  if (!config.databaseUrl && (await serverRunning(config))) {
    console.error(
      'The server is running and owns the embedded database. Stop it first, or ask the API: POST /v1/users/{userId}/sign-in-links (see docs/settings-pages.en.md).',
    );
    process.exitCode = 2;
    return;
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db as never);
    const link = await createSignInLink({ db: database.db, clock: systemClock, publicUrl: config.publicUrl }, orgId, userId);
    console.log(link.url);
    console.error(`(works once, until ${link.expiresAt.toISOString()})`);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    console.error(`${err.message} (org '${orgId}')`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? 'serve';
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return;
  }
  if (command === 'emulators') {
    const { runEmulatorsCli } = await import('../emulators/cli.js');
    await runEmulatorsCli();
    return;
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  switch (command) {
    case 'serve': {
      const t = await startTayori(config, { logger });
      stopOnSignals(t, logger);
      logger.info({ url: t.url, database: t.database.kind, workers: t.workers.length }, 'tayori serving');
      printStart(t);
      return;
    }
    case 'worker': {
      if (!config.databaseUrl) {
        throw new ConfigError('`tayori worker` needs DATABASE_URL: the embedded database belongs to the `serve` process');
      }
      const t = await startTayori({ ...config, workers: Math.max(config.workers, 1) }, { logger, http: false });
      stopOnSignals(t, logger);
      logger.info({ workers: t.workers.map((w) => w.id) }, 'tayori worker running');
      console.log(`Tayori worker running: ${t.workers.length} worker loop(s), database ${t.database.kind}.`);
      return;
    }
    case 'migrate': {
      const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
      const applied = await migrateToLatest(database.db as never);
      await database.close();
      console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
      return;
    }
    case 'sign-in-link': {
      await printSignInLink(config, argv.slice(1));
      return;
    }
    case 'keys': {
      await runKeysCommand(config, argv.slice(1));
      return;
    }
    default:
      console.error(`unknown command '${command}'\n\n${USAGE}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`configuration error: ${err.message}`);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
