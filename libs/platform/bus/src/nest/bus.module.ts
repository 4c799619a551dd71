import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { AnyRegistry, ServiceName, StreamDefinition } from '@astra/contracts';
import { MessageBus } from '../bus.types';
import { ArtifactStore } from '../artifacts/artifact-store';
import { busAuthFromEnv, type BusAuthEnv } from '../core/bus-auth-env';
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

/** The bus variables of a service's configuration (busEnv of @astra/platform/config: parsed, not raw strings). */
export interface BusEnv extends BusAuthEnv {
  readonly NATS_URL: string;
  readonly ASTRA_NAMESPACE?: string | undefined;
  readonly BUS_ACK_WAIT_MS?: number | undefined;
}

/**
 * The bus options of `service` from its configuration: the one place NATS_URL, ASTRA_NAMESPACE, BUS_ACK_WAIT_MS and the
 * credentials are mapped. A service without credentials throws a ConfigError (so it does not start) unless
 * ASTRA_INSECURE_LOCAL_BUS says its NATS server is a local development one.
 */
export function busOptionsFromEnv(service: ServiceName, env: BusEnv): BusModuleOptions {
  const auth = busAuthFromEnv(env, { requireCredentials: true });
  return { service, servers: env.NATS_URL, namespace: env.ASTRA_NAMESPACE, ackWaitMs: env.BUS_ACK_WAIT_MS, ...auth };
}

/** The NATS bus for a Nest service: inject MessageBus and ArtifactStore; mark handlers with @HandleMessage. */
@Module({})
export class BusModule {
  /** The bus of a service configured by its environment (see busOptionsFromEnv). */
  static forService(service: ServiceName, env: BusEnv): DynamicModule {
    return BusModule.forRoot(busOptionsFromEnv(service, env));
  }

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
