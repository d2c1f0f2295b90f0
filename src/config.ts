import { z } from 'zod';

/** Every setting of PRODUCT §7, parsed once at start. Names are the contract; do not rename. */
export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  secretKeys: string | undefined;
  bootstrapApiKey: string | undefined;
  adminApiKey: string | undefined;
  chatworkApiUrl: string;
  chatworkAuthorizeUrl: string;
  chatworkTokenUrl: string;
  slackApiUrl: string;
  slackAuthorizeUrl: string;
  teamsLoginUrl: string;
  teamsOpenIdUrl: string;
  extraWebhookOrigins: string[];
  retrySchedule: number[];
  smtpUrl: string | undefined;
  mailFrom: string | undefined;
  logLevel: string;
  /** Delivery workers inside `serve` (0 turns them off, for API-only processes). */
  workers: number;
  /** CSP `frame-ancestors` sources of the settings pages: who may show them in a frame. */
  frameAncestors: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `5s` → 5000. Used for TAYORI_RETRY_SCHEDULE. */
export function parseDuration(text: string): number {
  const m = DURATION.exec(text.trim());
  if (!m) throw new ConfigError(`'${text}' is not a duration (examples: 500ms, 5s, 2m, 1h)`);
  return Math.round(Number(m[1]) * UNIT_MS[m[2]!]!);
}

export const DEFAULT_RETRY_SCHEDULE = '5s,30s,2m,10m,30m,1h,2h,4h';

function origin(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConfigError(`${name}: '${value}' is not a URL (expected an origin such as http://127.0.0.1:4010)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name}: '${value}' must be http or https`);
  }
  return url.origin;
}

/**
 * TAYORI_FRAME_ANCESTORS: CSP sources separated by spaces or commas (`'self' https://app.example.com`).
 * Each must be a keyword or a scheme/host source, so nothing can smuggle another directive in.
 */
export function parseFrameAncestors(value: string | undefined): string {
  if (value === undefined) return "'self'";
  const sources = value.split(/[\s,]+/).filter((s) => s !== '');
  const source = /^(?:'self'|'none'|https?:|(?:https?:\/\/)?(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::(?:\d{1,5}|\*))?)$/;
  const bad = sources.find((s) => !source.test(s));
  if (sources.length === 0 || bad !== undefined) {
    throw new ConfigError(
      `TAYORI_FRAME_ANCESTORS: '${bad ?? value}' is not a frame-ancestors source (examples: 'self', 'none', https://app.example.com, https://*.example.com)`,
    );
  }
  if (sources.includes("'none'") && sources.length > 1) throw new ConfigError("TAYORI_FRAME_ANCESTORS: 'none' cannot be combined with other sources");
  return sources.join(' ');
}

const port = z.coerce.number().int().min(0).max(65535);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const get = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const portResult = port.safeParse(get('PORT') ?? '8787');
  if (!portResult.success) throw new ConfigError(`PORT must be a port number, got '${get('PORT')}'`);
  const listenPort = portResult.data;
  const longKey = (name: string) => {
    const v = get(name);
    if (v !== undefined && v.length < 32) throw new ConfigError(`${name} must be at least 32 characters`);
    return v;
  };
  const workers = Number(get('TAYORI_WORKERS') ?? '1');
  if (!Number.isInteger(workers) || workers < 0 || workers > 64) {
    throw new ConfigError('TAYORI_WORKERS must be an integer from 0 to 64');
  }
  const schedule = (get('TAYORI_RETRY_SCHEDULE') ?? DEFAULT_RETRY_SCHEDULE).split(',').map(parseDuration);
  if (schedule.length === 0) throw new ConfigError('TAYORI_RETRY_SCHEDULE needs at least one delay');
  const databaseUrl = get('DATABASE_URL');
  const secretKeys = get('TAYORI_SECRET_KEY');
  if (databaseUrl && !secretKeys) {
    throw new ConfigError(
      'TAYORI_SECRET_KEY is required with DATABASE_URL (generate one with: node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64\'))")',
    );
  }
  return {
    port: listenPort,
    host: get('HOST') ?? '127.0.0.1',
    // With PORT=0 the port is only known once listening: the server fills the public URL in then.
    publicUrl: (get('TAYORI_PUBLIC_URL') ?? (listenPort === 0 ? '' : `http://localhost:${listenPort}`)).replace(/\/+$/, ''),
    databaseUrl,
    dataDir: get('TAYORI_DATA_DIR') ?? './data',
    secretKeys,
    bootstrapApiKey: longKey('TAYORI_BOOTSTRAP_API_KEY'),
    adminApiKey: longKey('TAYORI_ADMIN_API_KEY'),
    chatworkApiUrl: (get('TAYORI_CHATWORK_API_URL') ?? 'https://api.chatwork.com/v2').replace(/\/+$/, ''),
    chatworkAuthorizeUrl: get('TAYORI_CHATWORK_AUTHORIZE_URL') ?? 'https://www.chatwork.com/packages/oauth2/login.php',
    chatworkTokenUrl: get('TAYORI_CHATWORK_TOKEN_URL') ?? 'https://oauth.chatwork.com/token',
    slackApiUrl: get('TAYORI_SLACK_API_URL') ?? 'https://slack.com/api/',
    slackAuthorizeUrl: get('TAYORI_SLACK_AUTHORIZE_URL') ?? 'https://slack.com/oauth/v2/authorize',
    teamsLoginUrl: get('TAYORI_TEAMS_LOGIN_URL') ?? 'https://login.microsoftonline.com',
    teamsOpenIdUrl: get('TAYORI_TEAMS_OPENID_URL') ?? 'https://login.botframework.com/v1/.well-known/openidconfiguration',
    extraWebhookOrigins: (get('TAYORI_EXTRA_WEBHOOK_ORIGINS') ?? '')
      .split(',')
      .filter((s) => s.trim() !== '')
      .map((s) => origin(s, 'TAYORI_EXTRA_WEBHOOK_ORIGINS')),
    retrySchedule: schedule,
    smtpUrl: get('SMTP_URL'),
    mailFrom: get('TAYORI_MAIL_FROM'),
    logLevel: get('LOG_LEVEL') ?? 'info',
    workers,
    frameAncestors: parseFrameAncestors(get('TAYORI_FRAME_ANCESTORS')),
  };
}
