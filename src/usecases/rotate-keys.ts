import { SecretBox } from '../security/secret-box.js';
import type { Db } from '../store/database.js';
import { SEALED_COLUMNS, type SealedColumn } from '../store/sealed-columns.js';

export interface RotationReport {
  column: string;
  /** Values now sealed with the first key. */
  rotated: number;
  /** How many of those each older key had sealed. */
  fromKeys: Record<string, number>;
  /** Rows saved again while rotating (by the running server): sealed anew already, left alone. */
  changedMeanwhile: number;
  /** Values no listed key opens (sealed with a key left out of TAYORI_SECRET_KEY, or damaged). */
  unreadable: number;
  /** Values still not sealed with the first key after the pass (the unreadable ones, and any saved meanwhile with an old key). */
  remaining: number;
}

/**
 * Re-encrypts every sealed value with the first key of the SecretBox (`tayori keys rotate`). In
 * batches, walking each table in key order; every row is its own update, fenced on the value read, so
 * it is safe while servers run and save connections, and running it again does nothing more.
 */
export async function rotateSealedValues(
  db: Db,
  box: SecretBox,
  options: { batchSize?: number; columns?: readonly SealedColumn[] } = {},
): Promise<RotationReport[]> {
  const batchSize = options.batchSize ?? 500;
  const reports: RotationReport[] = [];
  for (const column of options.columns ?? SEALED_COLUMNS) {
    const report: RotationReport = { column: column.name, rotated: 0, fromKeys: {}, changedMeanwhile: 0, unreadable: 0, remaining: 0 };
    let after: string[] | undefined;
    for (;;) {
      const batch = await column.listStale(db, box.currentKeyId, after, batchSize);
      if (batch.length === 0) break;
      for (const value of batch) {
        let plain: string;
        try {
          plain = box.open(value.sealed, value.context);
        } catch {
          report.unreadable++;
          continue;
        }
        if (await column.replace(db, value.key, value.sealed, box.seal(plain, value.context))) {
          report.rotated++;
          const from = SecretBox.keyIdOf(value.sealed) ?? '?';
          report.fromKeys[from] = (report.fromKeys[from] ?? 0) + 1;
        } else {
          report.changedMeanwhile++;
        }
      }
      after = batch[batch.length - 1]!.key;
    }
    report.remaining = await column.countStale(db, box.currentKeyId);
    reports.push(report);
  }
  return reports;
}
