/** A counting semaphore: at most `size` holders at once, waiters served in order. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  /** `size` ≤ 0 or not finite means no limit. */
  constructor(private readonly size: number) {}

  /** Resolves when a slot is free; call the returned function to free it again. */
  async acquire(): Promise<() => void> {
    if (this.size > 0 && Number.isFinite(this.size) && this.active >= this.size) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }

  /** Runs `fn` holding a slot. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
