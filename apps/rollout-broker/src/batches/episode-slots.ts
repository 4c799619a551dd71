import { Inject, Injectable } from '@nestjs/common';
import { ROLLOUT_BROKER_CONFIG, type RolloutBrokerConfig } from '../rollout-broker.config';

/**
 * The episodes one broker runs at once, across every batch (ROLLOUT_MAX_EPISODES): a batch waits for a slot before it
 * starts an episode, so a large request back-pressures instead of opening hundreds of sessions.
 */
@Injectable()
export class EpisodeSlots {
  private active = 0;
  private readonly waiters: Array<() => void> = [];
  readonly capacity: number;

  constructor(@Inject(ROLLOUT_BROKER_CONFIG) config: Pick<RolloutBrokerConfig, 'ROLLOUT_MAX_EPISODES'>) {
    this.capacity = config.ROLLOUT_MAX_EPISODES;
  }

  /** Episodes running now. */
  get inFlight(): number {
    return this.active;
  }

  /** Resolves once a slot is free with the function that frees it (call it exactly once; later calls do nothing). */
  async acquire(): Promise<() => void> {
    if (this.active < this.capacity) this.active++;
    else await new Promise<void>((resolve) => this.waiters.push(resolve));
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.release();
    };
  }

  private release(): void {
    const next = this.waiters.shift();
    // The slot passes straight to the next waiter.
    if (next) next();
    else this.active--;
  }
}
