import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { EnvCompilerJobReport } from '@astra/contracts';
import { ENV_COMPILER_ENTITIES, ENV_COMPILER_MIGRATIONS } from '@astra/persistence/env-compiler';
import { deleteNamespace, NatsBus, testNatsUrl } from '@astra/platform/bus';
import { createTestDatabases } from '@astra/platform/database';
import { listeningPort, startService } from '@astra/platform/runtime';
import { waitFor } from '@astra/testing';
import { loadEnvCompilerConfig } from '../src/env-compiler.config';
import { EnvCompilerModule } from '../src/env-compiler.module';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(60_000);

const NATS_URL = testNatsUrl();

describe.each(createTestDatabases({ service: 'env-compiler', entities: ENV_COMPILER_ENTITIES, migrations: ENV_COMPILER_MIGRATIONS }))(
  'env-compiler over NATS, on $name',
  (db) => {
    const namespace = `env_compiler_${randomBytes(5).toString('hex')}`;
    let app: INestApplication;
    let cli: NatsBus;

    beforeAll(async () => {
      // As main.ts starts it (health probes included), on a test database and a namespace of its own.
      app = await startService({
        name: 'env-compiler',
        loadConfig: () =>
          loadEnvCompilerConfig({ NATS_URL, ASTRA_NAMESPACE: namespace, PORT: '0', LOG_LEVEL: 'silent', ASTRA_INSECURE_LOCAL_BUS: 'true' }),
        module: (config) => EnvCompilerModule.forRoot({ config, database: db.options }),
      });
      cli = await new NatsBus({ service: 'cli', servers: NATS_URL, namespace }).connect();
    });

    afterAll(async () => {
      await cli?.close();
      await app?.close();
      await db.cleanup();
      await deleteNamespace(NATS_URL, namespace);
    });

    /** Polls the status RPC as the CLI does until the job has finished. */
    function finished(jobId: string): Promise<EnvCompilerJobReport> {
      return waitFor(
        async () => {
          const report = await cli.request('env-compiler.job.status', { jobId });
          return report.status === 'completed' || report.status === 'failed' ? report : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 50, what: `job ${jobId} to finish` },
      );
    }

    it('is ready once its bus and database checks pass', async () => {
      const response = await fetch(`http://127.0.0.1:${listeningPort(app)}/readyz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ready', checks: { bus: 'up', database: 'up' } });
    });
  },
);
