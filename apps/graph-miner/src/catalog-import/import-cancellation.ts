import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { BusError } from '@astra/contracts';

/**
 * Set when the service begins to shut down (before the bus drains its in-flight handlers), so a long import stops
 * between two servers and is redelivered to continue where it stopped instead of holding the shutdown.
 */
@Injectable()
export class ImportCancellation implements BeforeApplicationShutdown {
  private stopping = false;

  get aborted(): boolean {
    return this.stopping;
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  /** Throws a retryable error once shutdown has begun. */
  throwIfAborted(importId: string): void {
    if (this.stopping) {
      throw new BusError('UNAVAILABLE', `graph-miner is shutting down; import ${importId} resumes on redelivery`);
    }
  }
}
