import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteNamespace } from '@astra/platform/bus';
import { E2E } from './e2e.config';
import { astra, CliResult, ServiceProcess } from './processes';

/**
 * graph-miner as its own process in a fresh NATS namespace with its own data folder, and the CLI pointed at it.
 * `start()` in beforeAll, `dispose()` in afterAll.
 */
export class GraphMinerHarness {
  readonly namespace = `e2e_${randomBytes(5).toString('hex')}`;
  private readonly serviceDir = mkdtempSync(join(tmpdir(), 'astra-e2e-gm-'));
  private readonly cliDir = mkdtempSync(join(tmpdir(), 'astra-e2e-cli-'));
  readonly cliEnv: Record<string, string> = { NATS_URL: E2E.natsUrl, ASTRA_NAMESPACE: this.namespace, ASTRA_DATA_DIR: this.cliDir };
  private current?: ServiceProcess;

  get service(): ServiceProcess {
    if (!this.current) throw new Error('GraphMinerHarness.start() was not called');
    return this.current;
  }

  /**
   * Starts graph-miner (again, on the same data, after a stop or a kill) with `env` added to its environment.
   * Telemetry is off unless `env` sets OTEL_SDK_DISABLED to false.
   */
  async start(env: Record<string, string> = {}): Promise<ServiceProcess> {
    this.current = new ServiceProcess('graph-miner', {
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

  /** Runs the astra CLI against this graph-miner. */
  cli(args: readonly string[], timeoutMs?: number): Promise<CliResult> {
    return astra(args, this.cliEnv, timeoutMs);
  }

  async dispose(): Promise<void> {
    this.current?.kill();
    await deleteNamespace(E2E.natsUrl, this.namespace);
    rmSync(this.serviceDir, { recursive: true, force: true });
    rmSync(this.cliDir, { recursive: true, force: true });
  }
}

/** Rows of a printed table: the cells of every line that starts with one of `names`. */
export function rowsOf(text: string, names: readonly string[]): Record<string, string[]> {
  const rows: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    const cells = line.trim().split(/\s{2,}/);
    if (cells[0] && names.includes(cells[0])) rows[cells[0]] = cells;
  }
  return rows;
}
