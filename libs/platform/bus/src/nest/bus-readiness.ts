import { Injectable, type OnModuleInit, Optional } from '@nestjs/common';
import type { AnyRegistry } from '@astra/contracts';
import { HealthChecks } from '@astra/platform/runtime';
import { MessageBus } from '../bus.types';

/** What a health endpoint reports about the bus. */
export interface BusReadiness {
  readonly ready: boolean;
  readonly component: 'bus';
}

/** Readiness probe: true while the bus is connected, its consumers pull, and it is not draining. */
export function busReadiness<R extends AnyRegistry>(bus: MessageBus<R>): BusReadiness {
  return { ready: bus.isReady(), component: 'bus' };
}

/**
 * Adds the `bus` check to /readyz when the app has a HealthModule: not ready while NATS is down or reconnecting, nor
 * until the durable consumers pull again; /readyz says why.
 */
@Injectable()
export class BusReadinessCheck implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    @Optional() private readonly health?: HealthChecks,
  ) {}

  onModuleInit(): void {
    this.health?.register('bus', () => {
      const reason = this.bus.notReadyReason();
      if (reason !== undefined) throw new Error(reason);
    });
  }
}
