import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { EnvCompilerJobReport } from '@astra/contracts';
import { deleteNamespace, NatsBus, testNatsUrl } from '@astra/platform/bus';
import type { TestDatabase } from '@astra/platform/database';
import { startService } from '@astra/platform/runtime';
import { childEnv, ServiceProcess, waitFor } from '@astra/testing';
import { loadEnvCompilerConfig } from '../../src/env-compiler.config';
import { EnvCompilerModule } from '../../src/env-compiler.module';

const NATS_URL = testNatsUrl();
const ROOT = resolve(__dirname, '../../../..');

/**
 * env-compiler in this process (as main.ts starts it, health probes included) on a test database, the real verifier
 * as a child process, and a CLI bus, all in a NATS namespace of their own. `start()` in beforeAll, `stop()` in afterAll.
 */
export class EnvCompilerStack {
  readonly namespace = `env_compiler_${randomBytes(5).toString('hex')}`;
  app!: INestApplication;
  cli!: NatsBus;
  private verifier?: ServiceProcess;

  constructor(private readonly db: TestDatabase) {}

  /** Starts both services; `env` is added to env-compiler's environment. */
  async start(env: Record<string, string> = {}): Promise<void> {
    const common = { NATS_URL, ASTRA_NAMESPACE: this.namespace, ASTRA_INSECURE_LOCAL_BUS: 'true', PORT: '0' };
    this.verifier = new ServiceProcess(
      'verifier',
      childEnv({ ...common, OTEL_SDK_DISABLED: 'true', SANDBOX_PYTHON_WORKERS: '1', SANDBOX_JS_WORKERS: '1' }),
      ROOT,
    );
    this.app = await startService({
      name: 'env-compiler',
      loadConfig: () => loadEnvCompilerConfig({ ...common, LOG_LEVEL: 'silent', ...env }),
      module: (config) => EnvCompilerModule.forRoot({ config, database: this.db.options }),
    });
    this.cli = await new NatsBus({ service: 'cli', servers: NATS_URL, namespace: this.namespace }).connect();
    await this.verifier.ready();
  }

  async stop(): Promise<void> {
    await this.cli?.close();
    await this.app?.close();
    await this.verifier?.stop();
    await this.db.cleanup();
    await deleteNamespace(NATS_URL, this.namespace);
  }

  /** Polls the status RPC as the CLI does until the job has finished. */
  finished(jobId: string, timeoutMs = 100_000): Promise<EnvCompilerJobReport> {
    return waitFor(
      async () => {
        const report = await this.cli.request('env-compiler.job.status', { jobId });
        return report.status === 'completed' || report.status === 'failed' ? report : undefined;
      },
      { timeoutMs, intervalMs: 100, what: `job ${jobId} to finish` },
    );
  }
}
