import type { MessageBus } from '../bus.types';
import type { AnyRegistry } from '@astra/contracts';

/** What a health endpoint reports about the bus. */
export interface BusReadiness {
  readonly ready: boolean;
  readonly component: 'bus';
}

/** Readiness probe: true while the bus is connected (and not draining). */
export function busReadiness<R extends AnyRegistry>(bus: MessageBus<R>): BusReadiness {
  return { ready: bus.isReady(), component: 'bus' };
}
