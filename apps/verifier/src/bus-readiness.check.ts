import { Injectable, type OnModuleInit, Optional } from '@nestjs/common';
import { MessageBus } from '@astra/platform/bus';
import { HealthChecks } from '@astra/platform/runtime';

/** Adds the `bus` readiness check: /readyz fails while NATS is not connected. */
@Injectable()
export class BusReadinessCheck implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    @Optional() private readonly health?: HealthChecks,
  ) {}

  onModuleInit(): void {
    this.health?.register('bus', () => this.bus.isReady());
  }
}
