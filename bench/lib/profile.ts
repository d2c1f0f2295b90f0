import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * `BENCH_PROFILE=<dir>`: a CPU profile of just the timed part of a figure, written as
 * `<dir>/<name>.cpuprofile` (open it in Chrome DevTools or speedscope).
 */
export async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env['BENCH_PROFILE'];
  if (!dir) return fn();
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${dir}/${name}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  }
}
