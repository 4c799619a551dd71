import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { TRAINER_GATEWAY_CONFIG, type TrainerGatewayConfig } from '../trainer-gateway.config';
import type { RunControl } from './run-control';

/**
 * How many local jobs run at once on this instance (each worker takes TRAINER_WORKER_THREADS cores). A job beyond
 * the limit stays queued, holding its message, until a slot frees; a cancel or shutdown ends the wait.
 */
@Injectable()
export class LocalJobSlots {
  private used = 0;

  constructor(@Inject(TRAINER_GATEWAY_CONFIG) private readonly config: TrainerGatewayConfig) {}

  get running(): number {
    return this.used;
  }

  /** Waits for a free slot (polling, so a stop of the run is seen); resolves with the slot's release. */
  async acquire(control: RunControl): Promise<() => void> {
    while (this.used >= this.config.TRAINER_MAX_LOCAL_JOBS) {
      await control.check();
      await delay(this.config.TRAINER_CANCEL_POLL_MS);
    }
    this.used += 1;
    let released = false;
    return () => {
      if (!released) this.used -= 1;
      released = true;
    };
  }
}
