/**
 * Lets a test wait for something an emulator records (a message, a run) without polling tightly:
 * the emulator calls `notify()` whenever it records, and `until` re-checks then, or every 200 ms.
 */
export class Waiters {
  private readonly pending: (() => void)[] = [];

  notify(): void {
    this.pending.splice(0).forEach((w) => w());
  }

  async until(done: () => boolean, timeoutMs: number, failure: () => string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(failure());
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.pending.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}
