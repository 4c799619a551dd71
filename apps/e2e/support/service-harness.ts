import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteNamespace } from '@astra/platform/bus';
import { E2E } from './e2e.config';
import { astra, CliResult, ServiceProcess } from './processes';

/**
 * One service (apps/<name>/src/main.ts) as its own process in a fresh NATS namespace with its own data folder, and the
 * CLI pointed at it. `start()` in beforeAll, `dispose()` in afterAll.
 */
export class ServiceHarness {
  readonly namespace = `e2e_${randomBytes(5).toString('hex')}`;
  private readonly serviceDir: string;
  private readonly cliDir = mkdtempSync(join(tmpdir(), 'astra-e2e-cli-'));
  readonly cliEnv: Record<string, string> = { NATS_URL: E2E.natsUrl, ASTRA_NAMESPACE: this.namespace, ASTRA_DATA_DIR: this.cliDir };
  private current?: ServiceProcess;
  private readonly companions: ServiceProcess[] = [];

  constructor(readonly serviceName: string) {
    this.serviceDir = mkdtempSync(join(tmpdir(), `astra-e2e-${serviceName}-`));
  }

  get service(): ServiceProcess {
    if (!this.current) throw new Error(`${this.constructor.name}.start() was not called`);
    return this.current;
  }

  /**
   * Starts the service (again, on the same data, after a stop or a kill) with `env` added to its environment, and waits
   * until /readyz answers 200. Telemetry is off unless `env` sets OTEL_SDK_DISABLED to false.
   */
  async start(env: Record<string, string> = {}): Promise<ServiceProcess> {
    this.current = new ServiceProcess(this.serviceName, {
      OTEL_SDK_DISABLED: 'true',
      ...env,
      NATS_URL: E2E.natsUrl,
      ASTRA_NAMESPACE: this.namespace,
      ASTRA_DATA_DIR: this.serviceDir,
      PORT: '0',
    });
    await this.current.ready();
    return this.current;
  }

  /**
   * Another service as its own process in this namespace (started, not yet ready: await its `ready()`), with `env`
   * added (its own ASTRA_DATA_DIR, say). Telemetry is off unless `env` turns it on; `dispose()` kills it.
   */
  companion(name: string, env: Record<string, string> = {}): ServiceProcess {
    const started = new ServiceProcess(name, {
      NATS_URL: E2E.natsUrl,
      ASTRA_NAMESPACE: this.namespace,
      PORT: '0',
      OTEL_SDK_DISABLED: 'true',
      ...env,
    });
    this.companions.push(started);
    return started;
  }

  /** Runs the astra CLI against this service. */
  cli(args: readonly string[], timeoutMs?: number): Promise<CliResult> {
    return astra(args, this.cliEnv, timeoutMs);
  }

  /** Runs the astra CLI and expects it to succeed (exit 0, no error line); its standard output. */
  async cliOk(args: readonly string[], timeoutMs?: number): Promise<string> {
    const run = await this.cli(args, timeoutMs);
    expect(run.stderr).not.toMatch(/^error/m);
    expect(run.code).toBe(0);
    return run.stdout;
  }

  async dispose(): Promise<void> {
    for (const started of this.companions) started.kill();
    this.current?.kill();
    await deleteNamespace(E2E.natsUrl, this.namespace);
    rmSync(this.serviceDir, { recursive: true, force: true });
    rmSync(this.cliDir, { recursive: true, force: true });
  }
}
