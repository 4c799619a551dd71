import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { createLogger } from '@astra/platform/logging';
import { bootstrapService } from './bootstrap-service';

/** What starting a service needs of its configuration (platformEnv of @astra/platform/config has both). */
export interface ServiceRuntimeConfig {
  readonly PORT: number;
  /** Interface to bind (httpEnv's HOST); loopback when absent. */
  readonly HOST?: string;
  readonly LOG_LEVEL: string;
}

/** A service as its main.ts describes it. */
export interface ServiceDefinition<C extends ServiceRuntimeConfig> {
  /** The service name: on every log line and in the start-failure message. */
  readonly name: string;
  /** Parses the environment once (the service's load<Name>Config); throws a ConfigError listing every bad variable. */
  readonly loadConfig: () => C;
  /** The service's root module for that configuration. */
  readonly module: (config: C) => Type<unknown> | DynamicModule;
}

/** Loads the configuration, creates the logger and starts the app (health probes, shutdown hooks) on HOST:PORT. */
export async function startService<C extends ServiceRuntimeConfig>(definition: ServiceDefinition<C>): Promise<INestApplication> {
  const config = definition.loadConfig();
  const logger = createLogger({ service: definition.name, level: config.LOG_LEVEL });
  return bootstrapService({ module: definition.module(config), service: definition.name, port: config.PORT, host: config.HOST, logger });
}

/**
 * main.ts's whole body: starts the service, and when it cannot start (bad configuration, no NATS, a failed migration,
 * handlers that disagree with the registry) writes one line with the cause to stderr and exits with status 1.
 */
export async function runService<C extends ServiceRuntimeConfig>(definition: ServiceDefinition<C>): Promise<void> {
  try {
    await startService(definition);
  } catch (error) {
    process.stderr.write(
      `${definition.name} failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  }
}
