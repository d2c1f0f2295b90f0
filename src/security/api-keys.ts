import { createHash, timingSafeEqual } from 'node:crypto';
import { randomToken } from '../ids.js';

/**
 * Org API keys: `tyr_<8-char prefix>_<32-char secret>`. Only the SHA-256 of the whole key is
 * stored; the prefix is the public handle used to list and revoke a key.
 */
export function generateApiKey(): { key: string; prefix: string } {
  const prefix = `tyr_${randomToken(8)}`;
  return { key: `${prefix}_${randomToken(32)}`, prefix };
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** The public handle of a key. Keys chosen by operators (bootstrap) get one derived from the hash. */
export function apiKeyPrefix(key: string): string {
  const m = /^(tyr_[A-Za-z0-9]{8})_/.exec(key);
  return m ? m[1]! : `key_${hashApiKey(key).toString('hex').slice(0, 8)}`;
}

/** What `apiKeyPrefix` can return: the only shapes a revocation path may name. */
export const API_KEY_PREFIX_PATTERN = /^(?:tyr_[A-Za-z0-9]{8}|key_[0-9a-f]{8})$/;

export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
