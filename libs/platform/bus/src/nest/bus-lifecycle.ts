import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { AnyHandler, BusRuntime } from '../core/handler-table';
import { HANDLE_MESSAGE } from './handle-message.decorator';

/** Token of the bus runtime (NatsBus or InMemoryBus) that the lifecycle binds handlers to. */
export const BUS_RUNTIME = Symbol.for('astra.bus.runtime');

/** Finds @HandleMessage methods at bootstrap, binds them, starts consuming; drains at shutdown. */
@Injectable()
export class BusLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @Inject(BUS_RUNTIME) private readonly runtime: BusRuntime,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      for (const [key, handler] of this.discoverHandlers()) this.runtime.registerAny(key, handler);
      await this.runtime.start();
    } catch (error) {
      // A service that refuses to start must not leave its connection open.
      await this.runtime.close();
      throw error;
    }
  }

  /**
   * Handlers finish before any module shuts down: Nest runs every beforeApplicationShutdown hook before the first
   * onApplicationShutdown, so the database a running handler writes to is still open while the bus drains.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.close();
  }

  private discoverHandlers(): Array<[string, AnyHandler]> {
    const found: Array<[string, AnyHandler]> = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!wrapper.isDependencyTreeStatic() || typeof instance !== 'object' || instance === null) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method: unknown = (instance as Record<string, unknown>)[name];
        if (typeof method !== 'function') continue;
        const key: unknown = Reflect.getMetadata(HANDLE_MESSAGE, method);
        if (typeof key === 'string') found.push([key, (method as AnyHandler).bind(instance)]);
      }
    }
    return found;
  }
}
