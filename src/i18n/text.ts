import type { Locale } from '../domain/locale.js';

/** A message in both languages. Japanese is written first because it is the default. */
export interface Text {
  ja: string;
  en: string;
}

export function pick(text: Text, locale: Locale): string {
  return locale === 'en' ? text.en : text.ja;
}

// Building an Intl.DateTimeFormat costs far more than using one (it was 3 % of a delivery's CPU in the
// throughput profile), and recipients share a handful of locale/time-zone pairs.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Formats a time the way the recipient reads it: their locale and time zone. */
export function formatTime(at: Date, locale: Locale, timeZone: string): string {
  const key = `${locale} ${timeZone}`;
  let format = formatters.get(key);
  try {
    if (!format) {
      format = new Intl.DateTimeFormat(locale === 'en' ? 'en-US' : 'ja-JP', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
      if (formatters.size < 1000) formatters.set(key, format);
    }
    return format.format(at);
  } catch {
    return at.toISOString();
  }
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Cuts text to `max` characters (by code point, so no surrogate pair is split), marking the cut. */
export function shorten(text: string, max: number, marker = '…'): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - marker.length)).join('') + marker;
}

/**
 * Shortens `raw` so that `escape(result)` fits in `max` characters, keeping as much as possible.
 * Shortening happens before escaping so an escape sequence is never cut in half. A binary search on
 * the cut, because escaping can grow text a lot (Chatwork doubles every `[`): stepping down by the
 * overshoot lands far too short on such text.
 */
export function shortenEscaped(raw: string, max: number, escape: (s: string) => string): string {
  const whole = escape(raw);
  if (whole.length <= max) return whole;
  let lo = 1;
  let hi = max;
  let best = escape(shorten(raw, 1));
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const out = escape(shorten(raw, mid));
    if (out.length <= max) {
      best = out;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}
