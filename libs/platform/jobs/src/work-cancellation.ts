import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { BusError } from '@astra/contracts';

/**
 * Lets long work (every job JobRunner runs) stop cleanly when the service shuts down. At the start of shutdown
 * (before the bus drains and the database closes, which happen in onApplicationShutdown in no guaranteed order) it
 * flags all running work to stop between two units (a server, a chain) and waits for it, so the unit being stored is
 * committed and the redelivery continues with the next one.
 */
@Injectable()
export class WorkCancellation implements BeforeApplicationShutdown {
  private stopping = false;
  private readonly running = new Set<Promise<unknown>>();

  /** True once shutdown has begun. */
  get aborted(): boolean {
    return this.stopping;
  }

  /** Runs `work`, which shutdown will wait for. */
  track<T>(work: () => Promise<T>): Promise<T> {
    const task = work();
    const settled = task.catch(() => undefined).finally(() => this.running.delete(settled));
    this.running.add(settled);
    return task;
  }

  /** Flags running work to stop at its next checkpoint and waits for it. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running]);
  }

  /**
   * Called between two units of work. Yields to the event loop first: on SQLite every write is synchronous, so
   * without it a long job would answer no RPC, health probe or SIGTERM, nor send the bus's heartbeat, until it
   * ends. Then throws a retryable error once shutdown has begun; `what` names the work ("catalog-import 42").
   */
  async checkpoint(what: string): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.stopping) {
      throw new BusError('UNAVAILABLE', `the service is shutting down; ${what} stopped between two units of work`);
    }
  }
}
