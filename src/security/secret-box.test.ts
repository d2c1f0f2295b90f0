import { describe, expect, it } from 'vitest';
import { generateKey, SecretBox, SecretBoxError } from './secret-box.js';

describe('SecretBox', () => {
  const k1 = generateKey();
  const k2 = generateKey();

  it('round-trips, and the sealed form holds no plaintext', () => {
    const box = new SecretBox(k1);
    const sealed = box.seal('https://hooks.slack.com/services/T1/B1/secret', 'ctx');
    expect(sealed).not.toContain('secret');
    expect(sealed.split('.')[1]).toBe(box.currentKeyId);
    expect(box.open(sealed, 'ctx')).toBe('https://hooks.slack.com/services/T1/B1/secret');
  });

  it('seals with a fresh IV each time', () => {
    const box = new SecretBox(k1);
    expect(box.seal('x')).not.toBe(box.seal('x'));
  });

  it('rotates: the first key seals, every listed key opens', () => {
    const old = new SecretBox(k1).seal('token');
    const rotated = new SecretBox(`${k2},${k1}`);
    expect(rotated.open(old)).toBe('token');
    expect(SecretBox.keyIdOf(rotated.seal('token'))).toBe(new SecretBox(k2).currentKeyId);
  });

  it('refuses a value moved to another row (associated data) or tampered with', () => {
    const box = new SecretBox(k1);
    const sealed = box.seal('token', 'connection:org:a:slack');
    expect(() => box.open(sealed, 'connection:org:b:slack')).toThrow(SecretBoxError);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'), 'connection:org:a:slack')).toThrow(SecretBoxError);
  });

  it('says which key is missing without revealing anything', () => {
    const sealed = new SecretBox(k1).seal('token');
    expect(() => new SecretBox(k2).open(sealed)).toThrow(/no key with id/);
  });

  it('rejects keys that are not 32 bytes of base64', () => {
    expect(() => new SecretBox('short')).toThrow(/32 bytes/);
    expect(() => new SecretBox('')).toThrow(/no key/);
  });
});
