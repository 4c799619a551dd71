import { Injectable, Module, type INestApplication, type OnModuleInit } from '@nestjs/common';
import { createLogger } from '@astra/platform/logging';
import { HealthChecks, bootstrapService, listeningPort } from './index';

/** A dependency whose readiness the test switches. */
class FakeDependency {
  connected = false;
}

@Injectable()
class FakeDependencyHealth implements OnModuleInit {
  constructor(
    private readonly checks: HealthChecks,
    private readonly dependency: FakeDependency,
  ) {}

  onModuleInit(): void {
    this.checks.register('bus', () => this.dependency.connected);
    this.checks.register('database', async () => {
      if (!this.dependency.connected) throw new Error('connection refused');
    });
  }
}

const dependency = new FakeDependency();

@Module({ providers: [{ provide: FakeDependency, useValue: dependency }, FakeDependencyHealth] })
class FakeServiceModule {}

describe('health probes over HTTP', () => {
  let app: INestApplication;
  let base: string;
  const lines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    const logger = createLogger({ service: 'fake', destination: { write: (l: string) => void lines.push(JSON.parse(l)) } });
    app = await bootstrapService({ module: FakeServiceModule, service: 'fake', port: 0, host: '127.0.0.1', logger });
    base = `http://127.0.0.1:${listeningPort(app)}`;
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers /healthz with 200 whatever the dependencies do', async () => {
    dependency.connected = false;
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 503 naming the failing checks', async () => {
    dependency.connected = false;
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { failing: string[]; errors: Record<string, string> };
    expect(body.failing).toEqual(['bus', 'database']);
    expect(body.errors['database']).toBe('connection refused');
  });

  it('answers /readyz with 200 once every check passes', async () => {
    dependency.connected = true;
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', checks: { bus: 'up', database: 'up' } });
  });

  it('logs the address and routes Nest logs through pino', () => {
    expect(lines.some((l) => l['service'] === 'fake' && String(l['url']).includes(String(listeningPort(app))))).toBe(true);
    expect(lines.some((l) => l['context'] === 'RoutesResolver')).toBe(true);
  });
});

describe('HealthChecks', () => {
  it('fails a check that does not settle within its timeout', async () => {
    const checks = new HealthChecks();
    checks.register('stuck', () => new Promise(() => undefined), { timeoutMs: 5 });
    checks.register('fine', () => true);
    const report = await checks.run();
    expect(report).toMatchObject({ ready: false, failing: ['stuck'], checks: { fine: 'up', stuck: 'down' } });
  });
});
