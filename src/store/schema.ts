import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { RateLimit } from '../domain/rate-limit.js';

/** Table shapes as Kysely sees them. Columns are snake_case; repositories map to camelCase. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface OrgsTable {
  id: string;
  name: string;
  created_at: Timestamp;
}

export interface ApiKeysTable {
  prefix: string;
  org_id: string;
  hash: Buffer;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface UsersTable {
  org_id: string;
  id: string;
  name: string;
  email: string | null;
  locale: string;
  time_zone: string;
  role: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface KindsTable {
  org_id: string;
  key: string;
  label_ja: string;
  label_en: string | null;
  description: string | null;
  default_on: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PreferencesTable {
  org_id: string;
  user_id: string;
  service: string;
  kind: string;
  enabled: boolean;
}

export interface ConnectionsTable {
  org_id: string;
  user_id: string;
  service: string;
  type: string;
  enabled: boolean;
  status: string;
  broken_reason: string | null;
  broken_at: Timestamp | null;
  broken_delivery_id: string | null;
  /** Non-secret settings (room id, member id, …), safe to show. */
  config: Json<Record<string, unknown>>;
  /** Secret settings sealed by SecretBox (tokens, webhook URLs). */
  secrets: string;
  /** Rate-limit and ordering key derived from the credentials; never the secret itself. */
  destination: string;
  limits: Json<RateLimit[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}


export interface RateLimitsTable {
  key: string;
  slots: ColumnType<number[], number[] | undefined, number[]>;
  busy_owner: string | null;
  busy_until: Timestamp | null;
  tail_at: Generated<number>;
}

export interface WorkersTable {
  id: string;
  started_at: Timestamp;
  heartbeat_at: Timestamp;
}

export interface NoticesTable {
  id: string;
  org_id: string;
  user_id: string;
  kind: string;
  service: string | null;
  reason: string | null;
  delivery_id: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface EventsTable {
  org_id: string;
  id: string;
  kind: string;
  title: string;
  body: string | null;
  url: string | null;
  actor_name: string | null;
  occurred_at: Timestamp;
  created_at: Timestamp;
  /** Recipients that got no delivery, as answered in the 202 (kept for idempotent replays). */
  skipped: Json<unknown[]>;
}

export interface DeliveriesTable {
  id: string;
  org_id: string;
  event_id: string;
  user_id: string;
  service: string;
  kind: string;
  status: string;
  attempt_count: Generated<number>;
  next_attempt_at: Timestamp;
  /** Given a time already (deferred or a retry): claimed from its own index, ahead of newcomers. */
  scheduled: Generated<boolean>;
  lease_owner: string | null;
  lease_expires_at: Timestamp | null;
  destination: string;
  last_reason: string | null;
  last_detail: string | null;
  provider_message_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface AttemptsTable {
  id: Generated<number>;
  delivery_id: string;
  org_id: string;
  attempt_no: number;
  started_at: Timestamp;
  duration_ms: number;
  outcome: string;
  reason: string | null;
  status_code: number | null;
  detail: string | null;
  retry_at: Timestamp | null;
}

export interface SignInLinksTable {
  /** SHA-256 of the token in the link; the token itself is never stored. */
  token_hash: Buffer;
  org_id: string;
  user_id: string;
  redirect: string | null;
  locale: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SessionsTable {
  /** SHA-256 of the id in the cookie. */
  id_hash: Buffer;
  org_id: string;
  user_id: string;
  /** The language chosen with the switch; null follows the user's locale. */
  locale: string | null;
  /** A one-time notice for the next page (saved, test result), read and cleared there. */
  flash: ColumnType<unknown, string | null, string | null>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  /** Absolute end; the idle limit is checked against last_seen_at. */
  expires_at: Timestamp;
}

export interface Tables {
  orgs: OrgsTable;
  api_keys: ApiKeysTable;
  users: UsersTable;
  kinds: KindsTable;
  preferences: PreferencesTable;
  connections: ConnectionsTable;
  events: EventsTable;
  deliveries: DeliveriesTable;
  attempts: AttemptsTable;
  rate_limits: RateLimitsTable;
  workers: WorkersTable;
  notices: NoticesTable;
  sign_in_links: SignInLinksTable;
  sessions: SessionsTable;
}

export type UserRow = Selectable<UsersTable>;
export type KindRow = Selectable<KindsTable>;
export type ConnectionRow = Selectable<ConnectionsTable>;
export type EventRow = Selectable<EventsTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type AttemptRow = Selectable<AttemptsTable>;
export type NewDelivery = Insertable<DeliveriesTable>;
export type DeliveryUpdate = Updateable<DeliveriesTable>;
