import type { FailureReason, SendResult } from '../channels/channel.js';
import type { Service } from '../domain/service.js';
import { sql } from 'kysely';
import type { Db, Tx } from '../store/database.js';
import { markConnectionBroken } from '../store/repositories/connections.js';
import { lockLimiters, saveLimiters, type Claimed } from './claim.js';
import { recordCompletion } from './rate-plan.js';
import type { RetryDecision } from './retry-policy.js';

interface OutcomeBase {
  claimed: Claimed;
  /** When the send ended (ms): the limiter log records this instead of the reservation. */
  doneAt: number;
  /** This worker has nothing more in flight for the destination: another may take it. */
  releaseDestination: boolean;
}

export type Outcome =
  | (OutcomeBase & {
      kind: 'sent';
      startedAt: Date;
      durationMs: number;
      result: SendResult;
      /** For failures: what the retry policy decided. */
      decision?: RetryDecision;
      connectionDestination: string;
    })
  | (OutcomeBase & { kind: 'skip'; reason: string });

/** Failures that mean the credentials or destination are gone for good: the connection is broken. */
export function breaksConnection(reason: FailureReason): boolean {
  return reason === 'auth' || reason === 'not_found';
}

export interface FinishReport {
  /** Deliveries whose lease this worker no longer held: another worker took them over. */
  fencedOut: string[];
  /** Connections newly marked broken by these outcomes. */
  broken: { orgId: string; userId: string; service: Service; reason: string; deliveryId: string }[];
}

/**
 * Records a batch of outcomes in one short transaction: the delivery's new state (only if this worker
 * still holds its lease) and one attempt per try, kept whatever the fence says.
 */
export async function finishBatch(
  db: Db,
  owner: string,
  outcomes: readonly Outcome[],
  now: Date,
  newId: () => string,
): Promise<FinishReport> {
  const report: FinishReport = { fencedOut: [], broken: [] };
  if (outcomes.length === 0) return report;
  await db.transaction().execute(async (tx) => {
    const applied = await applyOutcomes(tx, owner, outcomes, now);
    for (const o of outcomes) {
      if (!applied.has(o.claimed.id)) {
        report.fencedOut.push(o.claimed.id);
      } else if (o.kind === 'sent' && !o.result.ok && !o.result.retryable && breaksConnection(o.result.reason)) {
        const c = o.claimed;
        const service = c.service as Service;
        const reason = `${o.result.reason}:${o.result.code}`;
        const target = { orgId: c.orgId, userId: c.userId, service, destination: o.connectionDestination };
        if (await markConnectionBroken(tx, target, reason, c.id, now)) {
          report.broken.push({ orgId: c.orgId, userId: c.userId, service, reason, deliveryId: c.id });
        }
      }
    }
    const attempts = outcomes.flatMap((o) =>
      o.kind === 'sent'
        ? [
            {
              delivery_id: o.claimed.id,
              org_id: o.claimed.orgId,
              attempt_no: o.claimed.attempt,
              started_at: o.startedAt,
              duration_ms: Math.round(o.durationMs),
              outcome: outcomeOf(o),
              reason: o.result.ok ? null : `${o.result.reason}:${o.result.code}`,
              status_code: o.result.status ?? null,
              detail: o.result.ok ? null : o.result.detail,
              retry_at: !o.result.ok && o.decision?.retry ? o.decision.at : null,
            },
          ]
        : [],
    );
    if (attempts.length > 0) {
      // One parameter for the whole batch: cheaper to send and parse than ten per row.
      await sql`
        insert into attempts (delivery_id, org_id, attempt_no, started_at, duration_ms, outcome, reason, status_code, detail, retry_at)
        select delivery_id, org_id, attempt_no, started_at, duration_ms, outcome, reason, status_code, detail, retry_at
          from jsonb_to_recordset(${JSON.stringify(attempts)}::jsonb)
               as v(delivery_id uuid, org_id text, attempt_no int, started_at timestamptz, duration_ms int, outcome text,
                    reason text, status_code int, detail text, retry_at timestamptz)`.execute(tx);
    }
    if (report.broken.length > 0) {
      await tx
        .insertInto('notices')
        .values(
          report.broken.map((b) => ({
            id: newId(),
            org_id: b.orgId,
            user_id: b.userId,
            kind: 'connection_broken',
            service: b.service,
            reason: b.reason,
            delivery_id: b.deliveryId,
            created_at: now,
          })),
        )
        .execute();
    }
    await settleLimiters(tx, owner, outcomes);
  });
  return report;
}

/** `delivered`, `retry`, `failed` or `dead`: what one try came to. */
export function outcomeOf(o: Extract<Outcome, { kind: 'sent' }>): string {
  if (o.result.ok) return 'delivered';
  if (o.decision?.retry) return 'retry';
  return o.decision?.final ?? 'failed';
}

/**
 * Every delivery's new state in one statement (per-statement cost dominates on the embedded database:
 * one UPDATE for 64 rows costs about what two single-row UPDATEs do). Fenced by the lease: returns the
 * ids this worker still held.
 */
async function applyOutcomes(tx: Tx, owner: string, outcomes: readonly Outcome[], now: Date): Promise<Set<string>> {
  const rows = outcomes.map((o) => {
    const base = { id: o.claimed.id, next_attempt_at: null as string | null, give_back: 0, provider_message_id: null as string | null };
    if (o.kind === 'skip') {
      // Nothing was tried: the claim's increment is given back.
      return { ...base, status: 'skipped', give_back: 1, last_reason: o.reason, last_detail: null, finished_at: now.toISOString() };
    }
    if (o.result.ok) {
      return { ...base, status: 'delivered', provider_message_id: o.result.providerMessageId ?? null, last_reason: null, last_detail: null, finished_at: now.toISOString() };
    }
    const failure = { last_reason: `${o.result.reason}:${o.result.code}`, last_detail: o.result.detail };
    if (o.decision?.retry) return { ...base, ...failure, status: 'queued', next_attempt_at: o.decision.at.toISOString(), finished_at: null };
    return { ...base, ...failure, status: o.decision?.final ?? 'failed', finished_at: now.toISOString() };
  });
  const { rows: applied } = await sql<{ id: string }>`
    update deliveries d
       set status = v.status,
           next_attempt_at = coalesce(v.next_attempt_at, d.next_attempt_at),
           scheduled = true,
           attempt_count = d.attempt_count - v.give_back,
           last_reason = v.last_reason, last_detail = v.last_detail,
           provider_message_id = v.provider_message_id,
           finished_at = v.finished_at,
           lease_owner = null, lease_expires_at = null, updated_at = ${now}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
           as v(id uuid, status text, next_attempt_at timestamptz, give_back int, last_reason text,
                last_detail text, provider_message_id text, finished_at timestamptz)
     where d.id = v.id and d.lease_owner = ${owner} and d.status = 'sending'
    returning d.id`.execute(tx);
  return new Set(applied.map((r) => r.id));
}

/**
 * Moves each send's limiter log entry from its reservation to its completion time, and frees the
 * destinations this worker is done with.
 */
async function settleLimiters(tx: Tx, owner: string, outcomes: readonly Outcome[]): Promise<void> {
  const keys = new Set<string>();
  for (const o of outcomes) {
    for (const l of o.claimed.limits) keys.add(l.key);
    if (o.releaseDestination) keys.add(o.claimed.destination);
  }
  if (keys.size === 0) return;
  const state = await lockLimiters(tx, [...keys].sort());
  for (const o of outcomes) {
    for (const l of o.claimed.limits) {
      const s = state.get(l.key);
      if (s) s.slots = recordCompletion(s.slots, o.claimed.reservedAt, o.doneAt);
    }
    const dest = state.get(o.claimed.destination);
    // Fenced by the claim that marked it busy: if this worker claimed the destination again since
    // (a later lease end), that newer send holds the mark and it must stay.
    if (o.releaseDestination && dest && dest.busyOwner === owner && dest.busyUntil <= o.claimed.leaseExpiresAt.getTime()) {
      dest.busyOwner = null;
      dest.busyUntil = 0;
    }
  }
  await saveLimiters(tx, state);
}
