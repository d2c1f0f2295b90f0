import { createLogger, type Logger } from '../../src/logger.js';

/** A logger that keeps every line, so tests can prove no secret was ever logged. */
export function captureLogs(level = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (msg: string) => void lines.push(msg) });
  return { logger, lines };
}
