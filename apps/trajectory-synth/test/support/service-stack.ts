import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { TrajectorySynthJobReport } from '@astra/contracts';
import { deleteNamespace, NatsBus, testNatsUrl } from '@astra/platform/bus';
import type { TestDatabase } from '@astra/platform/database';
import { startService } from '@astra/platform/runtime';
import { childEnv, ServiceProcess, waitFor } from '@astra/testing';
import { loadTrajectorySynthConfig } from '../../src/trajectory-synth.config';
import { TrajectorySynthModule } from '../../src/trajectory-synth.module';

const NATS_URL = testNatsUrl();
const ROOT = resolve(__dirname, '../../../..');

/**
 * trajectory-synth in this process (as main.ts starts it) on a test database, the real verifier and env-compiler as
 * child processes (env-compiler on SQLite in a temp folder), and a CLI bus, all in a NATS namespace of their own.
 */
export class TrajectorySynthStack {
  readonly namespace = `traj_synth_${randomBytes(5).toString('hex')}`;
  app!: INestApplication;
  cli!: NatsBus;
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'traj-synth-stack-'));
  private readonly children: ServiceProcess[] = [];

  /** `natsUrl`: the shared test server unless a test brings its own (one it stops for an outage). */
  constructor(
    private readonly db: TestDatabase,
    private readonly natsUrl = NATS_URL,
  ) {}

  /** Starts the three services; `env` is added to trajectory-synth's environment. */
  async start(env: Record<string, string> = {}): Promise<void> {
    const common = { NATS_URL: this.natsUrl, ASTRA_NAMESPACE: this.namespace, ASTRA_INSECURE_LOCAL_BUS: 'true', PORT: '0' };
    const child = (name: string, extra: Record<string, string>) =>
      new ServiceProcess(name, childEnv({ ...common, OTEL_SDK_DISABLED: 'true', ...extra }), ROOT);
    this.children.push(child('verifier', { SANDBOX_PYTHON_WORKERS: '2', SANDBOX_JS_WORKERS: '1' }));
    this.children.push(child('env-compiler', { ASTRA_DATA_DIR: this.dataDir }));
    this.app = await startService({
      name: 'trajectory-synth',
      loadConfig: () => loadTrajectorySynthConfig({ ...common, LOG_LEVEL: 'silent', MCP_BUILTIN_SERVERS: 'false', ...env }),
      module: (config) => TrajectorySynthModule.forRoot({ config, database: this.db.options }),
    });
    this.cli = await new NatsBus({ service: 'cli', servers: this.natsUrl, namespace: this.namespace }).connect();
    await Promise.all(this.children.map((c) => c.ready()));
  }

  async stop(): Promise<void> {
    await this.cli?.close();
    await this.app?.close();
    await Promise.all(this.children.map((c) => c.stop()));
    await this.db.cleanup();
    await deleteNamespace(this.natsUrl, this.namespace);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Polls a status RPC until the job has finished (`status` asks env-compiler or trajectory-synth). */
  finished(jobId: string, timeoutMs = 100_000): Promise<TrajectorySynthJobReport> {
    return waitFor(
      async () => {
        const report = await this.cli.request('trajectory-synth.job.status', { jobId });
        return report.status === 'completed' || report.status === 'failed' ? report : undefined;
      },
      { timeoutMs, intervalMs: 100, what: `job ${jobId} to finish` },
    );
  }

  /** Waits until an env-compiler job has finished, and says how. */
  envFinished(jobId: string, timeoutMs = 100_000): Promise<string> {
    return waitFor(
      async () => {
        const report = await this.cli.request('env-compiler.job.status', { jobId });
        return report.status === 'completed' || report.status === 'failed' ? report.status : undefined;
      },
      { timeoutMs, intervalMs: 100, what: `env-compiler job ${jobId} to finish` },
    );
  }
}
