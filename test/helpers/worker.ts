import type { Clock } from '../../src/clock.js';
import { DeliveryWorker } from '../../src/delivery/worker.js';
import type { TestTayori } from './tayori.js';

/** A worker driven by hand (`runUntilIdle`), sharing the test server's database, channels and clock. */
export function manualWorker(t: TestTayori, clock: Clock, schedule: number[], overrides: Partial<ConstructorParameters<typeof DeliveryWorker>[0]> = {}) {
  const ctx = t.tayori.ctx;
  return new DeliveryWorker({
    db: ctx.db,
    channels: ctx.channels,
    secretBox: ctx.secretBox,
    clock,
    logger: ctx.logger,
    metrics: ctx.metrics,
    retrySchedule: schedule,
    newId: ctx.newId,
    random: () => 0.5,
    ...overrides,
  });
}
