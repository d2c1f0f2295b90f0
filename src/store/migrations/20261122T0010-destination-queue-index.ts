import { sql, type Kysely } from 'kysely';

/** Finds the oldest waiting delivery of a destination (claims keep each destination in order). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index deliveries_destination_waiting on deliveries(destination, id) where status = 'queued'`.execute(db);
}
