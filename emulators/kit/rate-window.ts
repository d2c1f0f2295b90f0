/**
 * "At most `limit` requests in any `windowMs`": a sliding log, the strictest reading of a published
 * limit, so a client that passes here passes the real service too.
 */
export class SlidingWindow {
  private readonly log = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = () => performance.timeOrigin + performance.now(),
  ) {}

  /** Records a request for `key` if allowed; otherwise returns the ms until it would be. */
  take(key: string): { ok: true; remaining: number } | { ok: false; retryAfterMs: number } {
    const t = this.now();
    const entries = (this.log.get(key) ?? []).filter((x) => x > t - this.windowMs);
    if (entries.length >= this.limit) {
      this.log.set(key, entries);
      return { ok: false, retryAfterMs: Math.max(1, entries[0]! + this.windowMs - t) };
    }
    entries.push(t);
    this.log.set(key, entries);
    return { ok: true, remaining: this.limit - entries.length };
  }

  /** When the oldest counted request leaves the window (for reset headers). */
  resetAt(key: string): number {
    const entries = this.log.get(key) ?? [];
    return entries.length > 0 ? entries[0]! + this.windowMs : this.now();
  }
}
