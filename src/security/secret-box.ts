import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets at rest: AES-256-GCM with a key id in every sealed value, so keys rotate: the first key
 * of TAYORI_SECRET_KEY seals, every listed key opens. Format: `v1.<kid>.<iv>.<ciphertext>.<tag>`
 * (base64url parts). The key id is the first 8 hex characters of SHA-256 of the key.
 */
export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
  constructor(
    message: string,
    /** `missing_key`: sealed with a key not in TAYORI_SECRET_KEY (restore it); the others: the value itself is bad. */
    readonly code: 'bad_key' | 'unknown_format' | 'missing_key' | 'authentication' = 'bad_key',
  ) {
    super(message);
  }
}

interface Key {
  id: string;
  bytes: Buffer;
}

function keyId(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 8);
}

export function parseKeys(list: string): Key[] {
  const keys = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((text, i) => {
      const bytes = Buffer.from(text, 'base64');
      if (bytes.length !== 32) {
        throw new SecretBoxError(`TAYORI_SECRET_KEY entry ${i + 1} is not base64 of 32 bytes`);
      }
      return { id: keyId(bytes), bytes };
    });
  if (keys.length === 0) throw new SecretBoxError('TAYORI_SECRET_KEY holds no key');
  return keys;
}

export function generateKey(): string {
  return randomBytes(32).toString('base64');
}

export class SecretBox {
  private readonly keys: Key[];

  constructor(keyList: string) {
    this.keys = parseKeys(keyList);
  }

  get currentKeyId(): string {
    return this.keys[0]!.id;
  }

  seal(plaintext: string, associatedData = ''): string {
    const key = this.keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.bytes, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', key.id, iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  open(sealed: string, associatedData = ''): string {
    const [version, kid, iv, ct, tag] = sealed.split('.');
    if (version !== 'v1' || !kid || iv === undefined || ct === undefined || tag === undefined) {
      throw new SecretBoxError('sealed value has an unknown format', 'unknown_format');
    }
    const key = this.keys.find((k) => k.id === kid);
    if (!key) throw new SecretBoxError(`no key with id ${kid} in TAYORI_SECRET_KEY`, 'missing_key');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(associatedData));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('sealed value failed authentication', 'authentication');
    }
  }

  sealJson(value: unknown, associatedData = ''): string {
    return this.seal(JSON.stringify(value), associatedData);
  }

  openJson<T>(sealed: string, associatedData = ''): T {
    return JSON.parse(this.open(sealed, associatedData)) as T;
  }

  /** The key id a sealed value was made with, to find values still sealed with an old key. */
  static keyIdOf(sealed: string): string | undefined {
    return sealed.split('.')[1];
  }
}
