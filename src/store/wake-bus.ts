import type pg from 'pg';
import { randomToken } from '../ids.js';
import type { Logger } from '../logger.js';

const CHANNEL = 'tayori_wake';

/**
 * "New deliveries are due": a signal from the API to delivery workers. In one process it is a function
 * call; across processes on PostgreSQL it is NOTIFY/LISTEN, coalesced so a burst of events costs a
 * handful of notifications, and each process ignores its own. Workers also poll, so a lost signal only
 * delays, never loses, work.
 */
export class WakeBus {
  private readonly listeners = new Set<() => void>();
  private client: pg.PoolClient | undefined;
  private notifyScheduled = false;
  private closed = false;
  /** Names this process's own signals, which come back to it through LISTEN after it has already woken its workers. */
  private readonly sender = randomToken(16);

  constructor(
    private readonly pool: pg.Pool | undefined,
    private readonly logger: Logger,
  ) {}

  /** Starts listening for other processes' signals (PostgreSQL only). */
  async listen(): Promise<void> {
    if (!this.pool || this.client) return;
    const client = await this.pool.connect();
    // Our own signal would wake the workers a second time for work they have already claimed: a claim
    // that finds nothing for every event (measured on PostgreSQL: one empty claim per notification).
    client.on('notification', (n) => {
      if (n.payload !== this.sender) this.local();
    });
    client.on('error', (err) => this.logger.warn({ err }, 'wake listener lost its connection; polling continues'));
    await client.query(`listen ${CHANNEL}`);
    this.client = client;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Wakes workers here at once and, on PostgreSQL, everywhere else within a few milliseconds. */
  wake(): void {
    this.local();
    if (!this.pool || this.notifyScheduled || this.closed) return;
    this.notifyScheduled = true;
    setTimeout(() => {
      this.notifyScheduled = false;
      if (this.closed) return;
      this.pool!.query(`select pg_notify('${CHANNEL}', $1)`, [this.sender]).catch((err: unknown) =>
        this.logger.warn({ err }, 'could not notify other workers; they will poll'),
      );
    }, 2);
  }

  private local(): void {
    for (const fn of this.listeners) fn();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.client) {
      this.client.release(true);
      this.client = undefined;
    }
  }
}
