/** Lets tests wait for an emulator to receive something without polling on a fixed sleep. */
export class Arrivals {
  private readonly waiters: (() => void)[] = [];

  /** Call when something arrived: every waiter re-checks its condition. */
  notify(): void {
    this.waiters.splice(0).forEach((w) => w());
  }

  /** Resolves once `done()` holds; rejects with `describe()` after `timeoutMs`. */
  async until(done: () => boolean, describe: () => string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(describe());
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}
