import type { Message } from '../domain/message.js';
import { toLocale } from '../domain/locale.js';
import type { Service } from '../domain/service.js';
import type { Failure } from '../channels/channel.js';
import { SecretBoxError, type SecretBox } from '../security/secret-box.js';
import type { Db } from '../store/database.js';
import { secretsContext } from '../store/repositories/connections.js';
import type { Claimed } from './claim.js';

export type Job =
  | {
      claimed: Claimed;
      kind: 'send';
      message: Message;
      config: Record<string, unknown>;
      secrets: Record<string, unknown>;
      /** The connection as it was when the job was loaded, to fence a "broken" mark. */
      connectionDestination: string;
    }
  | { claimed: Claimed; kind: 'skip'; reason: 'connection_removed' | 'connection_disabled' | 'connection_broken' }
  /** The stored secrets could not be opened: recorded as a failed try, nothing is sent. */
  | { claimed: Claimed; kind: 'unreadable'; failure: Failure; connectionDestination: string };

/**
 * Why sealed secrets did not open. A key missing from TAYORI_SECRET_KEY is the operator's to restore:
 * retried on the schedule. A value that fails authentication was damaged or altered (or moved from
 * another row): permanent, and the connection breaks so the user is asked to save it again. Either
 * way only this delivery is affected, not the batch it was claimed with.
 */
export function unreadableSecrets(err: unknown): Failure {
  if (err instanceof SecretBoxError && err.code === 'missing_key') {
    return { ok: false, retryable: true, reason: 'server', code: 'secret_key_missing', detail: err.message };
  }
  return { ok: false, retryable: false, reason: 'auth', code: 'secret_unreadable', detail: 'stored credentials could not be opened' };
}

/**
 * Everything the claimed deliveries need to be sent, in one query: event text, the recipient's
 * language and time zone, the kind's label and the current connection (secrets opened here, in memory only).
 */
export async function loadJobs(db: Db, secretBox: SecretBox, claimed: readonly Claimed[]): Promise<Job[]> {
  if (claimed.length === 0) return [];
  const rows = await db
    .selectFrom('deliveries as d')
    .innerJoin('events as e', (j) => j.onRef('e.org_id', '=', 'd.org_id').onRef('e.id', '=', 'd.event_id'))
    .leftJoin('users as u', (j) => j.onRef('u.org_id', '=', 'd.org_id').onRef('u.id', '=', 'd.user_id'))
    .leftJoin('kinds as k', (j) => j.onRef('k.org_id', '=', 'd.org_id').onRef('k.key', '=', 'd.kind'))
    .leftJoin('connections as c', (j) =>
      j.onRef('c.org_id', '=', 'd.org_id').onRef('c.user_id', '=', 'd.user_id').onRef('c.service', '=', 'd.service'),
    )
    .select([
      'd.id',
      'e.title',
      'e.body',
      'e.url',
      'e.actor_name',
      'e.occurred_at',
      'u.name as user_name',
      'u.locale',
      'u.time_zone',
      'k.label_ja',
      'k.label_en',
      'c.enabled',
      'c.status as connection_status',
      'c.config',
      'c.secrets',
      'c.destination as connection_destination',
    ])
    .where(
      'd.id',
      'in',
      claimed.map((c) => c.id),
    )
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return claimed.map((c): Job => {
    const r = byId.get(c.id);
    if (!r || r.secrets === null || r.enabled === null || r.connection_destination === null) {
      return { claimed: c, kind: 'skip', reason: 'connection_removed' };
    }
    if (!r.enabled) return { claimed: c, kind: 'skip', reason: 'connection_disabled' };
    if (r.connection_status !== 'ok') return { claimed: c, kind: 'skip', reason: 'connection_broken' };
    let secrets: Record<string, unknown>;
    try {
      secrets = secretBox.openJson(r.secrets, secretsContext(c.orgId, c.userId, c.service as Service));
    } catch (err) {
      return { claimed: c, kind: 'unreadable', failure: unreadableSecrets(err), connectionDestination: r.connection_destination };
    }
    const locale = toLocale(r.locale);
    const kindLabel = (locale === 'en' ? (r.label_en ?? r.label_ja) : r.label_ja) ?? c.kind;
    return {
      claimed: c,
      kind: 'send',
      message: {
        id: c.id,
        locale,
        timeZone: r.time_zone ?? 'Asia/Tokyo',
        kindLabel,
        title: r.title,
        body: r.body ?? undefined,
        url: r.url ?? undefined,
        actorName: r.actor_name ?? undefined,
        occurredAt: r.occurred_at,
        recipientName: r.user_name ?? '',
      },
      config: r.config ?? {},
      secrets,
      connectionDestination: r.connection_destination,
    };
  });
}
