import type { z } from 'zod';
import type { Locale } from '../domain/locale.js';
import type { Message } from '../domain/message.js';
import type { RateLimit } from '../domain/rate-limit.js';
import type { Service } from '../domain/service.js';
import type { Text } from '../i18n/text.js';

/**
 * The one small interface every service implements (DESIGN.md, after Alertmanager's notify/).
 * A channel formats, sends and classifies; it knows nothing about the database.
 */

/** Why a send failed: a small closed set every service maps its own codes onto. */
export type FailureReason = 'auth' | 'not_found' | 'rate_limited' | 'timeout' | 'server' | 'bad_request' | 'network';

export type SendResult =
  | { ok: true; providerMessageId?: string | undefined; status?: number | undefined }
  | {
      ok: false;
      /** Worth trying again later (5xx, 429, network); false means the destination refused for good. */
      retryable: boolean;
      reason: FailureReason;
      /** The service's own short code (`no_service`, `invalid_token`, …), shown to users and operators. */
      code: string;
      status?: number | undefined;
      retryAfterMs?: number | undefined;
      /** A short, redacted excerpt for the attempt log. Never holds a secret. */
      detail: string;
    };

export type Failure = Extract<SendResult, { ok: false }>;

/** A note shown after saving (for example Chatwork's badge warning). */
export interface Warning {
  code: string;
  message: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** Who the settings are for, and what the deployment allows. */
export interface ConnectionContext {
  locale: Locale;
  /** Origins allowed besides the services' own hosts (TAYORI_EXTRA_WEBHOOK_ORIGINS). */
  extraWebhookOrigins: readonly string[];
}

export type Normalized<C, S> =
  | { ok: true; config: C; secrets: S; warnings: Warning[] }
  | { ok: false; problems: FieldProblem[] };

export type { RateLimit } from '../domain/rate-limit.js';

/** One input of the settings page form, generated from the spec so every service looks alike. */
export interface FormField {
  /** Input name; a dotted name (`mention.id`) fills a nested object. */
  name: string;
  label: Text;
  /** Where to find the value, in the seed's words (shown under the field). */
  help: Text;
  type: 'text' | 'url' | 'secret';
  required?: boolean;
  placeholder?: string;
  /** Shown in a field group with this heading (for example Teams' mention). */
  group?: Text;
}

export interface ConnectionForm {
  fields: FormField[];
  /** The setup steps of the seed, rewritten for Tayori (ordered, plain text, no images). */
  steps: Text[];
  /** A note shown above the form (for example Chatwork's badge advice). */
  note?: Text;
}

/** A personal connection's fields: validation, secret handling and masking for one service. */
export interface ConnectionSpec<C extends object = Record<string, unknown>, S extends object = Record<string, unknown>> {
  /** The body of `PUT …/connections/{service}` without `enabled` (also documents the API). */
  readonly inputSchema: z.ZodObject;
  /** Names of input fields holding secrets (the API never returns them; the pages never prefill them). */
  readonly secretFields: readonly (keyof S & string)[];
  /**
   * Checks and normalises the input. `stored` is the current connection when updating: a field left
   * out keeps its stored value (so a secret need not be pasted again); `null` clears an optional field.
   */
  normalize(input: Record<string, unknown>, stored: Target<C, S> | undefined, ctx: ConnectionContext): Normalized<C, S>;
  /** The settings as the API shows them: every secret masked. */
  mask(config: C, secrets: S): Record<string, unknown>;
  /** The key deliveries are ordered by: one in flight at a time, oldest first (never the secret itself). */
  destination(config: C, secrets: S): string;
  /** Every published limit that applies to sends through this connection. */
  limits(config: C, secrets: S): RateLimit[];
  /** How the settings page asks for these fields. */
  readonly form: ConnectionForm;
}

export interface Target<C = Record<string, unknown>, S = Record<string, unknown>> {
  config: C;
  secrets: S;
}

/**
 * What a check on save found. `spent` lists the limits its requests counted toward, one entry per
 * request (Chatwork counts every API call against the token), so the deliveries after it still keep
 * under the service's limit.
 */
export type Verified<C = Record<string, unknown>> = ({ ok: true; warnings: Warning[]; config?: C } | (Failure & { field?: string })) & {
  spent?: readonly RateLimit[];
};

export interface Channel<C extends object = any, S extends object = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly service: Service;
  readonly connection: ConnectionSpec<C, S>;
  send(message: Message, target: Target<C, S>, signal: AbortSignal): Promise<SendResult>;
  /**
   * Checks credentials without posting anything (Chatwork `GET /me`). Channels that cannot check
   * without posting leave it out; saving then relies on the test message. A passing check may
   * return the config to store instead, completed with what it learnt (Chatwork: whose token it is).
   */
  verify?(target: Target<C, S>, ctx: ConnectionContext, signal: AbortSignal): Promise<Verified<C>>;
  /** What a failure means for the user, in their language: what happened and what to fix. */
  explain(failure: Pick<Failure, 'reason' | 'code' | 'status'>, locale: Locale): string;
}
