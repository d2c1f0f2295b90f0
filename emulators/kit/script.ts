import type { ServerResponse } from 'node:http';
import { send } from './http.js';

/**
 * What an emulator answers next, scripted from a test (Svix's test receiver idea): `failNext(503)`,
 * `rateLimitNext(2, 3)`, a delay, a dropped connection or no answer at all. Scripted answers are
 * used before the emulator's normal behaviour, in order.
 */
export type Scripted =
  | { kind: 'status'; status: number; body: string; contentType: string; headers: Record<string, string> }
  | { kind: 'delay'; ms: number }
  | { kind: 'drop' }
  | { kind: 'hang' }
  | { kind: 'endless'; status: number }
  | { kind: 'trickle'; status: number; everyMs: number };

/** Endless answers stop here at the latest, so a client that reads everything cannot fill the disk or memory. */
const ENDLESS_LIMIT = 1024 * 1024 * 1024;

export class FaultScript {
  private readonly queue: Scripted[] = [];
  /** Requests answered by the script so far. */
  consumed = 0;
  /** Body bytes the last endless or trickling answer wrote before the client hung up. */
  streamedBytes = 0;

  failNext(status: number, options: { body?: string; contentType?: string; headers?: Record<string, string>; times?: number } = {}): this {
    for (let i = 0; i < (options.times ?? 1); i++) {
      this.queue.push({
        kind: 'status',
        status,
        body: options.body ?? `error ${status}`,
        contentType: options.contentType ?? 'text/plain; charset=utf-8',
        headers: options.headers ?? {},
      });
    }
    return this;
  }

  /** The next request waits `ms` before the normal answer (for timeouts and latency). */
  delayNext(ms: number): this {
    this.queue.push({ kind: 'delay', ms });
    return this;
  }

  /** The next request's connection is reset without an answer. */
  dropNext(times = 1): this {
    for (let i = 0; i < times; i++) this.queue.push({ kind: 'drop' });
    return this;
  }

  /** The next request never gets an answer (the client's timeout must fire). */
  hangNext(): this {
    this.queue.push({ kind: 'hang' });
    return this;
  }

  /** The next answer's body never ends (until the client hangs up): a client must cap what it reads. */
  endlessNext(status = 200): this {
    this.queue.push({ kind: 'endless', status });
    return this;
  }

  /** The next answer sends its headers, then one byte every `everyMs` forever: idle timeouts never fire. */
  trickleNext(status = 200, everyMs = 50): this {
    this.queue.push({ kind: 'trickle', status, everyMs });
    return this;
  }

  clear(): void {
    this.queue.length = 0;
  }

  get pending(): number {
    return this.queue.length;
  }

  /**
   * Applies the next scripted answer. Returns true when the request was answered (or dropped) by the
   * script, false when the emulator should answer normally (possibly after a scripted delay).
   */
  async apply(res: ServerResponse): Promise<boolean> {
    const next = this.queue.shift();
    if (!next) return false;
    this.consumed++;
    switch (next.kind) {
      case 'status':
        send(res, next.status, next.contentType, next.body, next.headers);
        return true;
      case 'delay':
        await new Promise((r) => setTimeout(r, next.ms));
        return false;
      case 'drop':
        res.socket?.destroy();
        return true;
      case 'hang':
        res.on('close', () => undefined);
        return true;
      case 'endless': {
        this.streamedBytes = 0;
        res.writeHead(next.status, { 'content-type': 'text/plain; charset=utf-8' });
        const chunk = Buffer.alloc(16 * 1024, 'x');
        const pump = () => {
          while (!res.destroyed && this.streamedBytes < ENDLESS_LIMIT) {
            this.streamedBytes += chunk.length;
            if (!res.write(chunk)) return;
          }
          if (!res.destroyed) res.end();
        };
        res.on('drain', pump);
        pump();
        return true;
      }
      case 'trickle': {
        this.streamedBytes = 0;
        res.writeHead(next.status, { 'content-type': 'text/plain; charset=utf-8' });
        const timer = setInterval(() => {
          this.streamedBytes++;
          res.write('x');
        }, next.everyMs);
        res.on('close', () => clearInterval(timer));
        return true;
      }
    }
  }
}
