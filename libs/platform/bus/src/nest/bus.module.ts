import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { AnyRegistry, ServiceName, StreamDefinition } from '@astra/contracts';
import { MessageBus } from '../bus.types';
import { ArtifactStore } from '../artifacts/artifact-store';
import type { BusCredentials, BusTls } from '../nats/bus-credentials';
import { NatsBus } from '../nats/nats-bus';
import { BUS_RUNTIME, BusLifecycle } from './bus-lifecycle';
import { BusReadinessCheck } from './bus-readiness';
import { nestBusLog } from './nest-bus-log';

export interface BusModuleOptions {
  readonly service: ServiceName;
  readonly servers: string;
  readonly namespace?: string;
  readonly registry?: AnyRegistry;
  readonly streams?: readonly StreamDefinition[];
  readonly concurrency?: number;
  /** See NatsBusOptions.ackWaitMs (BUS_ACK_WAIT_MS). */
  readonly ackWaitMs?: number;
  /** See busAuthFromEnv (NATS_USER, NATS_TOKEN, NATS_CREDS, NATS_TLS_*...). */
  readonly credentials?: BusCredentials;
  readonly tls?: BusTls;
}

/** The NATS bus for a Nest service: inject MessageBus and ArtifactStore; mark handlers with @HandleMessage. */
@Module({})
export class BusModule {
  static forRoot(options: BusModuleOptions): DynamicModule {
    return {
      module: BusModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        {
          provide: NatsBus,
          // Connects and creates the streams before any provider can publish; consumers start at bootstrap.
          useFactory: async () => new NatsBus({ ...options, log: nestBusLog() }).connect(),
        },
        { provide: MessageBus, useExisting: NatsBus },
        { provide: BUS_RUNTIME, useExisting: NatsBus },
        { provide: ArtifactStore, useFactory: (bus: NatsBus) => bus.artifacts, inject: [NatsBus] },
        BusLifecycle,
        BusReadinessCheck,
      ],
      exports: [MessageBus, NatsBus, ArtifactStore],
    };
  }
}
