import type { Config } from './config.js';
import { serverRunning } from './local-server.js';
import { loadOrCreateKeyFile, writeKeyFile } from './secret-key-file.js';
import { generateKey, SecretBox } from './security/secret-box.js';
import { openDatabase } from './store/database.js';
import { migrateToLatest } from './store/migrate.js';
import { rotateSealedValues, type RotationReport } from './usecases/rotate-keys.js';

const USAGE = 'usage: tayori keys rotate [--batch-size <n>]';

function describe(r: RotationReport, keyId: string): string {
  const from = Object.entries(r.fromKeys).map(([k, n]) => `${k}: ${n}`).join(', ');
  return (
    `${r.column}: ${r.rotated} re-encrypted with key ${keyId}${from ? ` (from ${from})` : ''}; ` +
    `${r.changedMeanwhile} saved again meanwhile; ${r.unreadable} could not be opened; ${r.remaining} left on other keys`
  );
}

/**
 * `tayori keys rotate`: every stored secret sealed again with the first key (docs/security.md, key
 * rotation). With TAYORI_SECRET_KEY, the operator has put the new key first and kept the old ones;
 * on the embedded database without it, a new key is generated into `<data dir>/secret.key`, which
 * lists both keys while values are re-encrypted and only the new one once all are.
 */
export async function runKeysCommand(config: Config, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  let batchSize = 500;
  let bad = sub !== 'rotate';
  for (let i = 0; i < rest.length; i++) {
    const value = rest[i + 1];
    if (rest[i] === '--batch-size' && value !== undefined && /^[1-9]\d{0,5}$/.test(value)) {
      batchSize = Number(value);
      i++;
    } else {
      bad = true;
    }
  }
  if (bad) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  if (!config.databaseUrl && (await serverRunning(config))) {
    console.error('The server is running and owns the embedded database. Stop it, run `tayori keys rotate`, then start it again.');
    process.exitCode = 2;
    return;
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db as never);
    const keyFile = !config.databaseUrl && !config.secretKeys;
    let newKey: string | undefined;
    let keys = config.secretKeys ?? '';
    if (keyFile) {
      // The file lists the new key and every old one before anything is re-encrypted: a crash midway leaves all values readable.
      newKey = generateKey();
      keys = `${newKey},${loadOrCreateKeyFile(config.dataDir).keys}`;
      writeKeyFile(config.dataDir, keys);
    }
    const box = new SecretBox(keys);
    const reports = await rotateSealedValues(database.db, box, { batchSize });
    for (const r of reports) console.log(describe(r, box.currentKeyId));
    const unreadable = reports.reduce((n, r) => n + r.unreadable, 0);
    const remaining = reports.reduce((n, r) => n + r.remaining, 0);
    if (unreadable > 0) {
      console.error(`${unreadable} value(s) could not be opened with the listed keys: keep every old key in TAYORI_SECRET_KEY until this reports none.`);
      process.exitCode = 1;
    } else if (remaining > 0) {
      console.error(`${remaining} value(s) were saved with an old key while rotating: run \`tayori keys rotate\` again.`);
      process.exitCode = 1;
    } else if (newKey) {
      writeKeyFile(config.dataDir, newKey);
      console.log(`${config.dataDir}/secret.key now holds only the new key ${box.currentKeyId}.`);
    } else {
      console.log(`Every secret is sealed with key ${box.currentKeyId}: the other keys may now be removed from TAYORI_SECRET_KEY.`);
    }
  } finally {
    await database.close();
  }
}
