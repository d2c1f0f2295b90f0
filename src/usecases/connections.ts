import { z } from 'zod';
import type { Channel, Failure, Warning } from '../channels/channel.js';
import type { ConnectionStatus } from '../domain/connection.js';
import { AppError, NotFoundError, ValidationError } from '../domain/errors.js';
import type { Locale } from '../domain/locale.js';
import type { Message } from '../domain/message.js';
import type { Service } from '../domain/service.js';
import { TEST_MESSAGE } from '../channels/labels.js';
import { pick } from '../i18n/text.js';
import {
  findConnection,
  markConnectionBroken,
  markConnectionOk,
  saveConnection,
  secretsContext,
  type StoredConnection,
} from '../store/repositories/connections.js';
import { findUser, type User } from '../store/repositories/users.js';
import type { AppContext } from './context.js';
import { breaksConnection } from '../delivery/finish.js';
import { unreadableSecrets } from '../delivery/load-jobs.js';
import { recordUsage } from '../delivery/usage.js';
import { SecretBoxError } from '../security/secret-box.js';

export interface ConnectionView {
  service: Service;
  type: 'personal' | 'linked';
  enabled: boolean;
  status: ConnectionStatus;
  /** Why the connection is broken (service code) and what to do, in the user's language. */
  statusReason: string | null;
  statusMessage: string | null;
  brokenAt: Date | null;
  config: Record<string, unknown>;
  warnings: Warning[];
  updatedAt: Date;
}

export type TestResult = { ok: true } | { ok: false; reason: string; code: string; message: string };

const TEST_TIMEOUT_MS = 15_000;

function channelFor(ctx: AppContext, service: string): Channel {
  const channel = ctx.channels.get(service as Service);
  if (!channel) {
    throw new AppError(404, 'not_found', `'${service}' has no personal connection (services: ${ctx.channels.services().join(', ')})`);
  }
  return channel;
}

async function requireUser(ctx: AppContext, orgId: string, userId: string): Promise<User> {
  const user = await findUser(ctx.db, orgId, userId);
  if (!user) throw new NotFoundError('user', userId);
  return user;
}

type Opened = { ok: true; config: Record<string, unknown>; secrets: Record<string, unknown> } | { ok: false; config: Record<string, unknown>; failure: Failure };

/**
 * The connection's secrets, in memory only. Secrets that do not open (a key left out of
 * TAYORI_SECRET_KEY, a damaged or altered row) are reported, never a 500: the user can still see the
 * connection, save it again with fresh credentials, or switch it off.
 */
function open(ctx: AppContext, c: StoredConnection): Opened {
  try {
    return { ok: true, config: c.config, secrets: ctx.secretBox.openJson<Record<string, unknown>>(c.sealedSecrets, secretsContext(c.orgId, c.userId, c.service)) };
  } catch (err) {
    ctx.logger.error({ orgId: c.orgId, userId: c.userId, service: c.service, code: err instanceof SecretBoxError ? err.code : 'json' }, 'stored credentials could not be opened');
    return { ok: false, config: c.config, failure: unreadableSecrets(err) };
  }
}

/** Explains a stored `reason:code` (connections' broken reason, deliveries' last reason). */
export function describeFailure(channel: Channel, stored: string, locale: Locale): string {
  const at = stored.indexOf(':');
  const reason = (at > 0 ? stored.slice(0, at) : 'bad_request') as Failure['reason'];
  return channel.explain({ reason, code: at > 0 ? stored.slice(at + 1) : stored }, locale);
}

export function toView(ctx: AppContext, c: StoredConnection, locale: Locale, warnings: Warning[] = []): ConnectionView {
  const channel = ctx.channels.get(c.service);
  const opened = open(ctx, c);
  // Unopened secrets are masked as empty: the view says they must be entered again.
  const secrets = opened.ok ? opened.secrets : Object.fromEntries((channel?.connection.secretFields ?? []).map((f) => [f, '']));
  if (!opened.ok && channel) warnings = [...warnings, { code: opened.failure.code, message: channel.explain(opened.failure, locale) }];
  return {
    service: c.service,
    type: c.type,
    enabled: c.enabled,
    status: c.status,
    statusReason: c.brokenReason,
    statusMessage: c.brokenReason && channel ? describeFailure(channel, c.brokenReason, locale) : null,
    brokenAt: c.brokenAt,
    config: channel ? channel.connection.mask(opened.config, secrets) : {},
    warnings,
    updatedAt: c.updatedAt,
  };
}

export async function getConnection(ctx: AppContext, orgId: string, userId: string, service: string): Promise<ConnectionView> {
  channelFor(ctx, service);
  const user = await requireUser(ctx, orgId, userId);
  const c = await findConnection(ctx.db, orgId, userId, service as Service);
  if (!c) throw new NotFoundError(`${service} connection of user`, userId);
  return toView(ctx, c, user.locale);
}

/** zod issues → field errors named by their path (`mention.id`). */
export function fieldsFromZod(error: z.ZodError): { field: string; message: string; code: string }[] {
  return error.issues.map((i) => ({
    field: i.path.length > 0 ? i.path.join('.') : (i.code === 'unrecognized_keys' ? i.keys.join(',') : '(body)'),
    message: i.message,
    code: i.code,
  }));
}

/**
 * `PUT …/connections/{service}`: validates, checks the credentials where the service allows it without
 * posting, seals the secrets and stores the connection. A broken connection saved again is tested, and
 * becomes `ok` when the test passes (PRODUCT §5).
 */
export async function putConnection(
  ctx: AppContext,
  orgId: string,
  userId: string,
  service: string,
  body: unknown,
  localeOverride?: Locale,
): Promise<ConnectionView> {
  const channel = channelFor(ctx, service);
  const user = await requireUser(ctx, orgId, userId);
  const locale = localeOverride ?? user.locale;
  const schema = channel.connection.inputSchema.extend({ enabled: z.boolean().optional() }).strict();
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ValidationError(fieldsFromZod(parsed.error));
  const { enabled, ...fields } = parsed.data as Record<string, unknown> & { enabled?: boolean };
  const existing = await findConnection(ctx.db, orgId, userId, channel.service);
  // Secrets that no longer open cannot be kept: the user enters them again.
  const opened = existing ? open(ctx, existing) : undefined;
  const stored = opened?.ok ? opened : undefined;
  const connCtx = { locale, extraWebhookOrigins: ctx.extraWebhookOrigins };
  const normalized = channel.connection.normalize(fields, stored, connCtx);
  if (!normalized.ok) throw new ValidationError(normalized.problems);
  const target = { config: normalized.config as Record<string, unknown>, secrets: normalized.secrets };
  const warnings = [...normalized.warnings];

  // Only a connection that will take deliveries is checked: switching one off (even one whose
  // credentials were revoked) must not need working credentials.
  if (channel.verify && (enabled ?? existing?.enabled ?? true)) {
    const verified = await channel.verify(target, connCtx, AbortSignal.timeout(TEST_TIMEOUT_MS));
    await recordUsage(ctx.db, verified.spent ?? [], ctx.clock.now());
    if (!verified.ok) {
      if (!verified.retryable) {
        throw new ValidationError(
          [{ field: (verified as Failure & { field?: string }).field ?? channel.connection.secretFields[0] ?? '(body)', message: channel.explain(verified, locale), code: verified.code }],
          pick({ ja: '接続を確認できませんでした', en: 'The connection could not be verified' }, locale),
          'verification_failed',
        );
      }
      warnings.push({ code: 'not_verified', message: channel.explain(verified, locale) });
    } else {
      warnings.push(...verified.warnings);
      if (verified.config) target.config = verified.config as Record<string, unknown>;
    }
  }

  const destination = channel.connection.destination(target.config, target.secrets);
  let status: ConnectionStatus = 'ok';
  let brokenReason: string | null = null;
  let brokenAt: Date | null = null;
  if (existing?.status === 'broken' && (enabled ?? existing.enabled)) {
    // Saving a broken connection again: it is ok only once a real test passes.
    const test = await sendTest(ctx, channel, user, target, locale);
    if (!test.ok) {
      status = 'broken';
      brokenReason = `${test.reason}:${test.code}`;
      brokenAt = ctx.clock.now();
      warnings.push({ code: 'still_broken', message: channel.explain(test, locale) });
    } else {
      warnings.push({ code: 'test_sent', message: pick({ ja: 'テスト通知を送信し、接続が回復したことを確認しました。', en: 'A test notification was sent and the connection works again.' }, locale) });
    }
  }
  const saved = await saveConnection(
    ctx.db,
    {
      orgId,
      userId,
      service: channel.service,
      type: 'personal',
      enabled: enabled ?? existing?.enabled ?? true,
      status,
      brokenReason,
      brokenAt,
      brokenDeliveryId: null,
      config: target.config,
      sealedSecrets: ctx.secretBox.sealJson(target.secrets, secretsContext(orgId, userId, channel.service)),
      destination,
      limits: channel.connection.limits(target.config, target.secrets),
    },
    ctx.clock.now(),
  );
  return toView(ctx, saved, locale, warnings);
}

function testMessage(ctx: AppContext, user: User, locale: Locale): Message {
  return {
    id: ctx.newId(),
    locale,
    timeZone: user.timeZone,
    kindLabel: pick(TEST_MESSAGE.kindLabel, locale),
    title: pick(TEST_MESSAGE.title, locale),
    body: pick(TEST_MESSAGE.body, locale),
    occurredAt: ctx.clock.now(),
    recipientName: user.name,
    isTest: true,
  };
}

/** A test message is a send like any delivery: the limiter counts it, so the deliveries after it wait their turn. */
async function sendTest(ctx: AppContext, channel: Channel, user: User, target: { config: object; secrets: object }, locale: Locale) {
  const result = await channel.send(testMessage(ctx, user, locale), target, AbortSignal.timeout(TEST_TIMEOUT_MS));
  await recordUsage(ctx.db, channel.connection.limits(target.config, target.secrets), ctx.clock.now());
  return result;
}

/**
 * `POST …/connections/{service}/test`: sends a real test message now. A pass heals a broken
 * connection; a permanent failure marks it broken, exactly as a real delivery would.
 */
export async function testConnection(
  ctx: AppContext,
  orgId: string,
  userId: string,
  service: string,
  localeOverride?: Locale,
): Promise<TestResult> {
  const channel = channelFor(ctx, service);
  const user = await requireUser(ctx, orgId, userId);
  const locale = localeOverride ?? user.locale;
  const c = await findConnection(ctx.db, orgId, userId, channel.service);
  if (!c) throw new NotFoundError(`${service} connection of user`, userId);
  const opened = open(ctx, c);
  const result = opened.ok ? await sendTest(ctx, channel, user, opened, locale) : opened.failure;
  const ref = { orgId, userId, service: channel.service, destination: c.destination };
  if (result.ok) {
    if (c.status === 'broken') await markConnectionOk(ctx.db, ref, ctx.clock.now());
    return { ok: true };
  }
  if (!result.retryable && breaksConnection(result.reason)) {
    await markConnectionBroken(ctx.db, ref, `${result.reason}:${result.code}`, null, ctx.clock.now());
  }
  // `reason` is the closed set of DESIGN.md; `code` adds the service's own word for it.
  return { ok: false, reason: result.reason, code: result.code, message: channel.explain(result, locale) };
}
