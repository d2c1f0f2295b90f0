import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url (43 characters): sign-in link tokens, session ids, CSRF tokens. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

export const SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** What is stored instead of a token: a database dump must not be usable to sign in. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Constant-time comparison of two tokens of any length. */
export function sameToken(a: string, b: string): boolean {
  return timingSafeEqual(hashToken(a), hashToken(b));
}

/**
 * A session's form token, derived from its id rather than stored: the database then holds nothing a
 * dump could use, neither to sign in (only the id's hash is stored) nor to forge a form post.
 * HMAC keyed by the id: the token reveals nothing of the id, which stays in an HttpOnly cookie.
 */
export function csrfTokenFor(sessionId: string): string {
  return createHmac('sha256', sessionId).update('tayori settings form').digest('base64url');
}
