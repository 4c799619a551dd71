/**
 * A bounded cache of looked-up records, least recently used out first; lookups of one key in flight share one call.
 * An absent record (undefined) is not cached, so an environment published later is found.
 */
export class RecordCache<T> {
  private readonly entries = new Map<string, T>();
  private readonly pending = new Map<string, Promise<T | undefined>>();

  constructor(
    private readonly capacity: number,
    private readonly load: (key: string) => Promise<T | undefined>,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<T | undefined> {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const loading = this.load(key).then((value) => {
      if (value !== undefined) this.put(key, value);
      return value;
    });
    this.pending.set(key, loading);
    try {
      return await loading;
    } finally {
      this.pending.delete(key);
    }
  }

  private put(key: string, value: T): void {
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}
