import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface QueueStats {
  byStatus: { service: string; status: string; count: number }[];
  oldestDueAgeSeconds: number;
}

/**
 * Prometheus metrics. One registry per app instance (no global state, so tests can run several);
 * labels stay low-cardinality: service, outcome or reason, never ids.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly deliveries: Counter<'service' | 'outcome'>;
  private readonly attemptDuration: Histogram<'service' | 'result'>;
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly events: Counter<'duplicate'>;

  constructor(queueStats?: () => Promise<QueueStats>) {
    collectDefaultMetrics({ register: this.registry, prefix: 'tayori_process_' });
    this.deliveries = new Counter({
      name: 'tayori_deliveries_total',
      help: 'Finished delivery tries by service and outcome (delivered, retry, failed, dead)',
      labelNames: ['service', 'outcome'],
      registers: [this.registry],
    });
    this.attemptDuration = new Histogram({
      name: 'tayori_attempt_duration_seconds',
      help: 'Duration of one send to a chat service',
      labelNames: ['service', 'result'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.httpRequests = new Counter({
      name: 'tayori_http_requests_total',
      help: 'HTTP requests served',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.events = new Counter({
      name: 'tayori_events_total',
      help: 'Events accepted by POST /v1/events',
      labelNames: ['duplicate'],
      registers: [this.registry],
    });
    if (queueStats) {
      const depth = new Gauge({
        name: 'tayori_deliveries',
        help: 'Deliveries by service and status (queue depth is status="queued")',
        labelNames: ['service', 'status'],
        registers: [this.registry],
        async collect() {
          const stats = await queueStats();
          this.reset();
          for (const s of stats.byStatus) this.set({ service: s.service, status: s.status }, s.count);
          oldestAge.set(stats.oldestDueAgeSeconds);
        },
      });
      const oldestAge = new Gauge({
        name: 'tayori_oldest_due_delivery_age_seconds',
        help: 'How long the oldest due delivery has been waiting (0 when none)',
        registers: [this.registry],
      });
      void depth;
    }
  }

  recordAttempt(service: string, result: string, seconds: number): void {
    this.attemptDuration.observe({ service, result }, seconds);
  }

  recordDelivery(service: string, outcome: string): void {
    this.deliveries.inc({ service, outcome });
  }

  recordHttp(method: string, route: string, status: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
  }

  recordEvent(duplicate: boolean): void {
    this.events.inc({ duplicate: String(duplicate) });
  }
}
