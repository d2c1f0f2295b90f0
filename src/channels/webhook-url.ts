import type { Text } from '../i18n/text.js';

/**
 * Webhook URLs are credentials and the only outbound addresses users can choose, so they are held to
 * the service's own hosts (PRODUCT §6): https, no user info, no odd ports; plain http only for the
 * local origins an operator listed in TAYORI_EXTRA_WEBHOOK_ORIGINS (emulators).
 */
export interface WebhookRule {
  /** Official hosts: exact names, or `*.suffix` patterns. */
  hosts: readonly string[];
  /** Path (and query) requirements, checked on official and extra origins alike. */
  check(url: URL): Text | undefined;
}

export type WebhookCheck = { ok: true; url: string } | { ok: false; message: Text };

function hostMatches(host: string, pattern: string): boolean {
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    return host.endsWith(suffix) && host.length > suffix.length;
  }
  return host === pattern;
}

export function checkWebhookUrl(raw: string, rule: WebhookRule, extraOrigins: readonly string[]): WebhookCheck {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: { ja: 'URLの形式が正しくありません。コピーしたURLをそのまま貼り付けてください。', en: 'This is not a valid URL. Paste the URL exactly as copied.' } };
  }
  if (text.length > 2048) {
    return { ok: false, message: { ja: 'URLが長すぎます(2048文字まで)。', en: 'The URL is too long (2048 characters at most).' } };
  }
  if (url.username || url.password || url.hash) {
    return { ok: false, message: { ja: 'URLにユーザー名やパスワード、#以降を含めることはできません。', en: 'The URL must not contain a user name, password or #fragment.' } };
  }
  const extra = extraOrigins.includes(url.origin);
  const official =
    url.protocol === 'https:' && (url.port === '' || url.port === '443') && rule.hosts.some((h) => hostMatches(url.hostname, h));
  if (!extra && !official) {
    return {
      ok: false,
      message: {
        ja: `このサービスのWebhook URLではありません(${rule.hosts.join('、')} の https URLのみ使えます)。`,
        en: `This is not a webhook URL of this service (only https URLs on ${rule.hosts.join(', ')} are accepted).`,
      },
    };
  }
  const problem = rule.check(url);
  return problem ? { ok: false, message: problem } : { ok: true, url: url.toString() };
}

/** Shows the shape of a URL and its last four characters: enough to recognise it, useless to use it. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…${url.slice(-4)}`;
  } catch {
    return `…${url.slice(-4)}`;
  }
}

export function maskSecret(secret: string): string {
  return secret.length <= 4 ? '••••' : `••••${secret.slice(-4)}`;
}
