import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { DynamicModule, INestApplicationContext, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { GraphJobReport, ImportReport, PayloadInputOf, Registry } from '@astra/contracts';
import { deleteNamespace, NatsBus, testNatsUrl } from '@astra/platform/bus';
import { createTestDatabase, type TestDatabase } from '@astra/platform/database';
import { CATALOG_ENTITIES, CATALOG_MIGRATIONS } from '@astra/persistence/graph-miner';
import { waitFor } from '@astra/testing';
import { loadGraphMinerConfig } from '../../src/graph-miner.config';
import { GraphMinerModule } from '../../src/graph-miner.module';

/** NATS server that the integration tests use. */
export const NATS_URL = testNatsUrl();

/** One isolated world per test file: its own NATS namespace and database, a CLI-side bus, and graph-miner apps. */
export class GraphMinerHarness {
  readonly namespace = `gmtest_${randomBytes(5).toString('hex')}`;
  readonly db: TestDatabase;
  cli!: NatsBus;
  private readonly apps: INestApplicationContext[] = [];

  /** `natsUrl`: a test that stops its own nats-server passes that server's URL. */
  constructor(
    kind: 'sqlite' | 'postgres' = 'sqlite',
    readonly natsUrl = NATS_URL,
  ) {
    this.db = createTestDatabase(kind, { service: 'graph-miner', entities: CATALOG_ENTITIES, migrations: CATALOG_MIGRATIONS });
  }

  async start(): Promise<void> {
    this.cli = await new NatsBus({ service: 'cli', servers: this.natsUrl, namespace: this.namespace }).connect();
  }

  /** The graph-miner module for this world; `override` replaces providers (tests inject faults with it). */
  module(override: Provider[] = [], env: Record<string, string> = {}): DynamicModule {
    const config = loadGraphMinerConfig({
      NATS_URL: this.natsUrl,
      ASTRA_NAMESPACE: this.namespace,
      MCP_TIMEOUT_MS: '15000',
      ASTRA_INSECURE_LOCAL_BUS: 'true',
      ...env,
    });
    const module = GraphMinerModule.forRoot({ config, database: this.db.options });
    const replaced = new Set(override.map((p) => (typeof p === 'function' ? p : p.provide)));
    const providers = (module.providers ?? []).filter((p) => !replaced.has(typeof p === 'function' ? p : p.provide));
    return { ...module, providers: [...providers, ...override] };
  }

  async startApp(override: Provider[] = [], env: Record<string, string> = {}): Promise<INestApplicationContext> {
    const app = await NestFactory.createApplicationContext(this.module(override, env), { logger: false, abortOnError: false });
    await app.init();
    this.apps.push(app);
    return app;
  }

  async upload(content: string) {
    return this.cli.artifacts.put(content, 'application/octet-stream');
  }

  async requestImport(payload: PayloadInputOf<Registry, 'catalog.import.requested'>): Promise<void> {
    await this.cli.publish('catalog.import.requested', payload, { id: `import-${payload.importId}` });
  }

  /** Polls the status RPC until the import has finished, and returns its report. */
  async waitForReport(importId: string, timeoutMs = 30_000): Promise<ImportReport> {
    return waitFor(
      async () => {
        const report = await this.cli.request('catalog.import.status', { importId });
        return report.status === 'completed' || report.status === 'failed' ? report : undefined;
      },
      { timeoutMs, intervalMs: 50, what: `import ${importId} to finish` },
    );
  }

  /** Every server an import stored, following catalog.import.entries page by page (its status holds the first few). */
  async importedServers(importId: string): Promise<NonNullable<ImportReport['servers']>> {
    const servers: NonNullable<ImportReport['servers']> = [];
    for (let cursor: string | undefined, first = true; first || cursor !== undefined; first = false) {
      const page = await this.cli.request('catalog.import.entries', { importId, part: 'servers', ...(cursor ? { cursor } : {}) });
      servers.push(...(page.servers ?? []));
      cursor = page.nextCursor;
    }
    return servers;
  }

  /** Queues a graph build as the CLI does and waits for its report (completed or failed). */
  async buildGraphs(
    payload: Omit<PayloadInputOf<Registry, 'graph.build.requested'>, 'jobId'>,
    jobId = `build-${randomBytes(4).toString('hex')}`,
  ): Promise<GraphJobReport> {
    await this.cli.publish('graph.build.requested', { jobId, ...payload }, { id: `graph-build-${jobId}` });
    return this.waitForJob(jobId);
  }

  /** Queues a chain verification as the CLI does and waits for its report (completed or failed). */
  async verifyChains(
    payload: Omit<PayloadInputOf<Registry, 'chains.verify.requested'>, 'jobId'>,
    jobId = `verify-${randomBytes(4).toString('hex')}`,
  ): Promise<GraphJobReport> {
    await this.cli.publish('chains.verify.requested', { jobId, ...payload }, { id: `chains-verify-${jobId}` });
    return this.waitForJob(jobId);
  }

  /** Polls the job status RPC until the job has finished, and returns its report. */
  async waitForJob(jobId: string, timeoutMs = 30_000): Promise<GraphJobReport> {
    return waitFor(
      async () => {
        const report = await this.cli.request('graph.job.status', { jobId });
        return report.status === 'completed' || report.status === 'failed' ? report : undefined;
      },
      { timeoutMs, intervalMs: 50, what: `job ${jobId} to finish` },
    );
  }

  async stop(): Promise<void> {
    for (const app of this.apps.splice(0)) await app.close().catch(() => undefined);
    await this.cli?.close();
    await this.db.cleanup();
    await deleteNamespace(this.natsUrl, this.namespace);
  }
}
