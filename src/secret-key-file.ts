import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKey } from './security/secret-box.js';

/**
 * The secret key when the operator gave none: on the embedded database it is generated once into
 * `<data dir>/secret.key` (mode 0600) and reused. It never leaves that file.
 */
export function loadOrCreateKeyFile(dataDir: string): { keys: string; created: boolean } {
  const path = join(dataDir, 'secret.key');
  if (existsSync(path)) return { keys: readFileSync(path, 'utf8').trim(), created: false };
  mkdirSync(dataDir, { recursive: true });
  const key = generateKey();
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return { keys: key, created: true };
}

/**
 * Replaces the key file's list (key rotation on the embedded database): written beside it and renamed
 * over it, so a crash leaves the old list or the new one, never half of either.
 */
export function writeKeyFile(dataDir: string, keys: string): void {
  const path = join(dataDir, 'secret.key');
  const next = `${path}.next`;
  writeFileSync(next, `${keys}\n`, { mode: 0o600 });
  renameSync(next, path);
}
