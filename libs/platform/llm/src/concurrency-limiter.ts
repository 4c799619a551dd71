/** A counting semaphore with a FIFO queue: at most `capacity` holders at once. */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiters: Array<() => void> = [];
  private head = 0;

  constructor(readonly capacity: number) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiters.length - this.head;
  }

  /** Takes a slot if one is free, without waiting (saves a promise on the fast path). */
  tryAcquire(): boolean {
    if (this.active >= this.capacity) return false;
    this.active++;
    return true;
  }

  /** Resolves when a slot is free; call `release()` exactly once afterwards. */
  acquire(): Promise<void> {
    if (this.active < this.capacity) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    if (this.head < this.waiters.length) {
      const next = this.waiters[this.head] as () => void;
      this.waiters[this.head++] = noop;
      if (this.head > 1024 && this.head * 2 > this.waiters.length) {
        this.waiters.splice(0, this.head);
        this.head = 0;
      }
      next(); // the slot passes straight to the next waiter
      return;
    }
    this.active--;
  }
}

function noop(): void {}
