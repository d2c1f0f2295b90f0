import type { Config } from './config.js';

/**
 * Whether a Tayori server answers on the configured address. With the embedded database it then owns
 * the data directory, and commands that open the database must wait until it is stopped.
 */
export async function serverRunning(config: Config): Promise<boolean> {
  try {
    const res = await fetch(`http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}/healthz`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}
