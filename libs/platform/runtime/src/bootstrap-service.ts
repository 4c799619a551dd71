import type { AddressInfo } from 'node:net';
import { type DynamicModule, type INestApplication, Injectable, Module, type OnApplicationShutdown, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestLoggerAdapter, type Logger } from '@astra/platform/logging';
import { shutdownTelemetry } from '@astra/platform/telemetry';
import { HealthModule } from './health.module';

export interface BootstrapOptions {
  /** The service's root module. HealthModule is added next to it. */
  module: Type<unknown> | DynamicModule;
  /** Service name, for the log line. */
  service: string;
  /** HTTP port; 0 lets the system choose (tests). */
  port: number;
  /** Interface to bind (HOST); defaults to loopback only: a pod sets 0.0.0.0 to be reachable. */
  host?: string;
  /** The service's pino logger; Nest's own logs go through it. */
  logger: Logger;
}

/** Where a service listens unless configured otherwise: nothing off the machine reaches it by accident. */
export const DEFAULT_HOST = '127.0.0.1';

/** Flushes spans and metrics after the other modules have shut down (the root module's hooks run last). */
@Injectable()
class TelemetryFlush implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await shutdownTelemetry();
  }
}

@Module({ providers: [TelemetryFlush] })
class ServiceRootModule {}

/** Creates the Nest app with pino logging, health probes and shutdown hooks, listens, and logs the address. */
export async function bootstrapService(options: BootstrapOptions): Promise<INestApplication> {
  const root: DynamicModule = { module: ServiceRootModule, imports: [HealthModule, options.module] };
  const app = await NestFactory.create(root, {
    logger: new NestLoggerAdapter(options.logger),
    // Throw instead of process.exit so main.ts decides how to report a failed start.
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await app.listen(options.port, options.host ?? DEFAULT_HOST);
  // The address the server is bound to (app.getUrl() says [::1] when it listens on every interface).
  const url = listeningUrl(app.getHttpServer().address());
  options.logger.info({ url, service: options.service }, `${options.service} listening on ${url}`);
  return app;
}

/** The http URL of a bound address as net.Server#address() gives it: `http://0.0.0.0:3001`, `http://[::]:3001`. */
export function listeningUrl(address: AddressInfo | string | null): string {
  if (address === null || typeof address === 'string')
    throw new Error(`the app is not listening on a TCP port (${address ?? 'not listening'})`);
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** The port an app listens on (useful after listening on port 0). */
export function listeningPort(app: INestApplication): number {
  const address: unknown = app.getHttpServer().address();
  if (address !== null && typeof address === 'object' && 'port' in address && typeof address.port === 'number') {
    return address.port;
  }
  throw new Error('the app is not listening on a TCP port');
}
