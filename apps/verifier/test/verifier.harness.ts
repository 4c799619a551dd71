import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ServiceName } from '@astra/contracts';
import { deleteNamespace, NatsBus, testNatsUrl } from '@astra/platform/bus';
import { HealthModule, listeningPort } from '@astra/platform/runtime';
import { SandboxRunner } from '../src/sandbox/sandbox-runner';
import { loadVerifierConfig } from '../src/verifier.config';
import { VerifierModule } from '../src/verifier.module';

/** NATS server that integration tests use. */
export const NATS_URL = testNatsUrl();

@Module({})
class VerifierTestRootModule {}

/** One verifier with small pools in a namespace of its own, listening on a free port, and client buses. */
export class VerifierHarness {
  readonly namespace = `vftest_${randomBytes(5).toString('hex')}`;
  app!: INestApplication;
  baseUrl = '';
  private readonly clients: NatsBus[] = [];

  async start(env: Record<string, string> = {}): Promise<void> {
    const config = loadVerifierConfig({
      NATS_URL,
      ASTRA_NAMESPACE: this.namespace,
      PORT: '0',
      SANDBOX_PYTHON_WORKERS: '1',
      SANDBOX_JS_WORKERS: '1',
      SANDBOX_DEFAULT_TIME_MS: '3000',
      SANDBOX_KILL_GRACE_MS: '300',
      ASTRA_INSECURE_LOCAL_BUS: 'true',
      ...env,
    });
    // With the health probes, as bootstrapService serves them.
    const root = { module: VerifierTestRootModule, imports: [HealthModule, VerifierModule.forRoot({ config })] };
    this.app = await NestFactory.create(root, { logger: false, abortOnError: false });
    await this.app.listen(0, '127.0.0.1');
    await this.app.get(SandboxRunner).started();
    this.baseUrl = `http://127.0.0.1:${listeningPort(this.app)}`;
  }

  /** A bus for a producer service in this namespace. */
  async client(service: ServiceName): Promise<NatsBus> {
    const bus = await new NatsBus({ service, servers: NATS_URL, namespace: this.namespace }).connect();
    this.clients.push(bus);
    return bus;
  }

  async post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json(), headers: response.headers };
  }

  async stop(): Promise<void> {
    for (const bus of this.clients.splice(0)) await bus.close().catch(() => undefined);
    await this.app?.close();
    await deleteNamespace(NATS_URL, this.namespace);
  }
}
