import type { Locale } from './locale.js';

/**
 * What a channel renders: one event as one recipient should read it. Every string here except
 * `kindLabel` and the URLs came from the host application and must be treated as untrusted text.
 */
export interface Message {
  /** Delivery id, or a fresh id for a test message; useful as an idempotency hint. */
  id: string;
  locale: Locale;
  timeZone: string;
  kindLabel: string;
  title: string;
  body?: string | undefined;
  url?: string | undefined;
  actorName?: string | undefined;
  occurredAt: Date;
  recipientName: string;
  /** A test message sent from the settings page or `POST …/test`. */
  isTest?: boolean;
}
