import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { AnyRegistry, ServiceName } from '@astra/contracts';
import { MessageBus } from '../bus.types';
import { ArtifactStore, InMemoryArtifactStore } from '../artifacts/artifact-store';
import { BUS_RUNTIME, BusLifecycle } from '../nest/bus-lifecycle';
import { InMemoryBus } from './in-memory-bus';

/** BusModule's in-memory twin for unit tests: same injection tokens, same @HandleMessage discovery and checks. */
@Module({})
export class InMemoryBusModule {
  static forRoot(options: { service: ServiceName; registry?: AnyRegistry }): DynamicModule {
    return {
      module: InMemoryBusModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: InMemoryBus, useFactory: () => new InMemoryBus(options) },
        { provide: MessageBus, useExisting: InMemoryBus },
        { provide: BUS_RUNTIME, useExisting: InMemoryBus },
        { provide: ArtifactStore, useFactory: () => new InMemoryArtifactStore() },
        BusLifecycle,
      ],
      exports: [MessageBus, InMemoryBus, ArtifactStore],
    };
  }
}
