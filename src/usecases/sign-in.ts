import { NotFoundError } from '../domain/errors.js';
import { toLocale, type Locale } from '../domain/locale.js';
import { csrfTokenFor, hashToken, newSecretToken, SECRET_TOKEN_PATTERN } from '../security/tokens.js';
import {
  deleteSession,
  findLiveSession,
  insertSession,
  insertSignInLink,
  purgeExpired,
  updateSession,
  useSignInLink,
} from '../store/repositories/sessions.js';
import { findUser, type User } from '../store/repositories/users.js';
import type { AppContext } from './context.js';

/** Where the settings pages live; the session cookie is scoped to this path. */
export const SETTINGS_PATH = '/settings';
/** A sign-in link works once, within 10 minutes (PRODUCT §3). */
export const SIGN_IN_LINK_TTL_MS = 10 * 60_000;
/**
 * A session ends after 8 hours without a request (a working day with the tab left open) and at the
 * latest 24 hours after sign-in; the host application hands out a fresh link whenever the user opens
 * 通知設定 again, so a short session costs the user nothing.
 */
export const SESSION_IDLE_MS = 8 * 3_600_000;
export const SESSION_MAX_MS = 24 * 3_600_000;
/** last_seen_at is written at most once a minute, not on every page view. */
const TOUCH_EVERY_MS = 60_000;

/** A relative path under the settings pages; nothing that could leave them (`//host`, `\`, `..`). */
export const SETTINGS_REDIRECT_PATTERN = /^\/settings(?:\/[A-Za-z0-9_-]+)*\/?$/;

export interface SignInLink {
  url: string;
  expiresAt: Date;
}

export async function createSignInLink(
  ctx: Pick<AppContext, 'db' | 'clock' | 'publicUrl'>,
  orgId: string,
  userId: string,
  options: { redirect?: string | undefined; locale?: Locale | undefined } = {},
): Promise<SignInLink> {
  const now = ctx.clock.now();
  if (!(await findUser(ctx.db, orgId, userId))) throw new NotFoundError('user', userId);
  const token = newSecretToken();
  const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_TTL_MS);
  await insertSignInLink(ctx.db, {
    tokenHash: hashToken(token),
    orgId,
    userId,
    redirect: options.redirect ?? null,
    locale: options.locale ?? null,
    createdAt: now,
    expiresAt,
  });
  await purgeExpired(ctx.db, now, new Date(now.getTime() - SESSION_IDLE_MS));
  return { url: `${ctx.publicUrl}${SETTINGS_PATH}/sign-in?token=${token}`, expiresAt };
}

/** A flash notice shown once on the next page. */
export type Flash =
  | { kind: 'saved'; service?: string; warnings?: { code: string; message: string }[] }
  | { kind: 'test'; service: string; ok: boolean; message?: string }
  | { kind: 'preferences_saved' };

export interface Session {
  id: string;
  idHash: Buffer;
  orgId: string;
  user: User;
  csrfToken: string;
  /** The page language: the switch's choice, else the user's locale. */
  locale: Locale;
  flash: Flash | undefined;
  expiresAt: Date;
}

/**
 * Consumes a sign-in link and opens a session. Returns undefined for a token that is malformed,
 * unknown, expired or already used: the caller shows one friendly page for all of them.
 */
export async function signIn(ctx: AppContext, token: string): Promise<{ sessionId: string; redirect: string; maxAgeMs: number } | undefined> {
  if (!SECRET_TOKEN_PATTERN.test(token)) return undefined;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const link = await useSignInLink(tx, hashToken(token), now);
    if (!link) return undefined;
    const sessionId = newSecretToken();
    await insertSession(tx, {
      idHash: hashToken(sessionId),
      orgId: link.orgId,
      userId: link.userId,
      locale: link.locale,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_MS),
    });
    return { sessionId, redirect: link.redirect ?? SETTINGS_PATH, maxAgeMs: SESSION_MAX_MS };
  });
}

export async function loadSession(ctx: AppContext, sessionId: string | undefined): Promise<Session | undefined> {
  if (!sessionId || !SECRET_TOKEN_PATTERN.test(sessionId)) return undefined;
  const now = ctx.clock.now();
  const idHash = hashToken(sessionId);
  const stored = await findLiveSession(ctx.db, idHash, now, new Date(now.getTime() - SESSION_IDLE_MS));
  if (!stored) return undefined;
  if (now.getTime() - stored.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await updateSession(ctx.db, idHash, { lastSeenAt: now });
  return {
    id: sessionId,
    idHash,
    orgId: stored.orgId,
    user: stored.user,
    csrfToken: csrfTokenFor(sessionId),
    locale: stored.locale ? toLocale(stored.locale) : stored.user.locale,
    flash: (stored.flash ?? undefined) as Flash | undefined,
    expiresAt: stored.expiresAt,
  };
}

/** Reads the flash notice once: it is cleared for the pages after this one. */
export async function takeFlash(ctx: AppContext, session: Session): Promise<Flash | undefined> {
  if (session.flash === undefined) return undefined;
  await updateSession(ctx.db, session.idHash, { flash: null });
  return session.flash;
}

export async function setFlash(ctx: AppContext, session: Session, flash: Flash): Promise<void> {
  await updateSession(ctx.db, session.idHash, { flash });
}

export async function setSessionLocale(ctx: AppContext, session: Session, locale: Locale): Promise<void> {
  await updateSession(ctx.db, session.idHash, { locale });
}

export async function signOut(ctx: AppContext, session: Session): Promise<void> {
  await deleteSession(ctx.db, session.idHash);
}
