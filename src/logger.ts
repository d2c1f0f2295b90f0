import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Field names that may hold a secret anywhere in a log object. Redaction is the safety net;
 * the first rule is that secrets are never passed to the logger at all.
 */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'apiKey',
  'apiToken',
  'webhookUrl',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'secret',
  'secrets',
  'password',
  'token',
  'x-chatworktoken',
];

export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
];

export function createLogger(
  level = 'info',
  destination?: NodeJS.WritableStream | { write(msg: string): void },
): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'tayori' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as pino.DestinationStream | undefined,
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
