import type { Executor } from '../database.js';
import { toUser, type User } from './users.js';

/** Sign-in links and settings-page sessions, looked up by the SHA-256 of their secret. */

export interface SignInLinkWrite {
  tokenHash: Buffer;
  orgId: string;
  userId: string;
  redirect: string | null;
  locale: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertSignInLink(db: Executor, link: SignInLinkWrite): Promise<void> {
  await db
    .insertInto('sign_in_links')
    .values({
      token_hash: link.tokenHash,
      org_id: link.orgId,
      user_id: link.userId,
      redirect: link.redirect,
      locale: link.locale,
      created_at: link.createdAt,
      expires_at: link.expiresAt,
    })
    .execute();
}

/**
 * Marks a link used and returns it, in one statement: of two requests racing with the same token,
 * exactly one gets the row. An expired or used link returns nothing.
 */
export async function useSignInLink(
  db: Executor,
  tokenHash: Buffer,
  now: Date,
): Promise<{ orgId: string; userId: string; redirect: string | null; locale: string | null } | undefined> {
  const row = await db
    .updateTable('sign_in_links')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['org_id', 'user_id', 'redirect', 'locale'])
    .executeTakeFirst();
  return row && { orgId: row.org_id, userId: row.user_id, redirect: row.redirect, locale: row.locale };
}

export interface SessionWrite {
  idHash: Buffer;
  orgId: string;
  userId: string;
  locale: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertSession(db: Executor, s: SessionWrite): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: s.idHash,
      org_id: s.orgId,
      user_id: s.userId,
      locale: s.locale,
      flash: null,
      created_at: s.createdAt,
      last_seen_at: s.createdAt,
      expires_at: s.expiresAt,
    })
    .execute();
}

export interface StoredSession {
  orgId: string;
  user: User;
  locale: string | null;
  flash: unknown;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** The live session with its user (read fresh, so a changed name or role shows at once). */
export async function findLiveSession(
  db: Executor,
  idHash: Buffer,
  now: Date,
  idleSince: Date,
): Promise<StoredSession | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', (j) => j.onRef('users.org_id', '=', 'sessions.org_id').onRef('users.id', '=', 'sessions.user_id'))
    .selectAll('users')
    .select([
      'sessions.locale as session_locale',
      'sessions.flash',
      'sessions.last_seen_at',
      'sessions.expires_at',
    ])
    .where('sessions.id_hash', '=', idHash)
    .where('sessions.expires_at', '>', now)
    .where('sessions.last_seen_at', '>', idleSince)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    orgId: row.org_id,
    user: toUser(row),
    locale: row.session_locale,
    flash: row.flash,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
}

export async function updateSession(
  db: Executor,
  idHash: Buffer,
  set: { lastSeenAt?: Date; locale?: string | null; flash?: unknown },
): Promise<void> {
  const values: { last_seen_at?: Date; locale?: string | null; flash?: string | null } = {};
  if (set.lastSeenAt !== undefined) values.last_seen_at = set.lastSeenAt;
  if (set.locale !== undefined) values.locale = set.locale;
  if (set.flash !== undefined) values.flash = set.flash === null ? null : JSON.stringify(set.flash);
  if (Object.keys(values).length === 0) return;
  await db.updateTable('sessions').set(values).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Executor, idHash: Buffer): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Removes links and sessions past their end, so the tables stay as small as the number of people signed in. */
export async function purgeExpired(db: Executor, now: Date, idleSince: Date): Promise<void> {
  await db.deleteFrom('sign_in_links').where('expires_at', '<=', now).execute();
  await db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleSince)])).execute();
}
