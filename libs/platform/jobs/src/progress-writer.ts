import type { JobProgress } from './job.types';

/**
 * A job's progress as it is written: one write at a time in call order (work running concurrently never makes the
 * stored count go back), and within one total a lower count than the last is kept at the last.
 */
export class ProgressWriter {
  private last: JobProgress;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    start: JobProgress,
    private readonly write: (progress: JobProgress) => Promise<void>,
  ) {
    this.last = start;
  }

  /** The progress last asked for (what is stored once `idle` resolves). */
  get current(): JobProgress {
    return this.last;
  }

  /** Queues a write of `done` (and `total` when it is new); resolves once that write is stored, skips no-ops. */
  report(done: number, total?: number): Promise<void> {
    const next =
      total !== undefined && total !== this.last.total ? { done, total } : { done: Math.max(done, this.last.done), total: this.last.total };
    if (next.done === this.last.done && next.total === this.last.total) return this.tail;
    this.last = next;
    const written = this.tail.then(() => this.write(next));
    // A failed write rejects for its caller only; the writes queued after it still go out.
    this.tail = written.catch(() => undefined);
    return written;
  }

  /** Resolves once every queued write has settled. */
  idle(): Promise<void> {
    return this.tail;
  }
}
