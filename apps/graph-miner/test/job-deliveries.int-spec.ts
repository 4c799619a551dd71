import 'reflect-metadata';
import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BusError, type GraphJobReport, type ImportReport, type PayloadInputOf, type Registry } from '@astra/contracts';
import type { CatalogServer } from '@astra/domain/catalog';
import { ArtifactStore, BusModule, InMemoryBus, InMemoryBusModule } from '@astra/platform/bus';
import { createTestDatabases, type TestDatabase } from '@astra/platform/database';
import {
  CATALOG_ENTITIES,
  CATALOG_MIGRATIONS,
  CatalogVersionRepository,
  type ChainVerdictEntity,
  type GraphKey,
  type StoredServer,
  ToolChainRepository,
  ToolGraphRepository,
} from '@astra/persistence/graph-miner';
import { DataSource } from 'typeorm';
import { loadGraphMinerConfig } from '../src/graph-miner.config';
import { GraphMinerModule } from '../src/graph-miner.module';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(60_000);

/** While on, every write the jobs make fails with an error that is always worth retrying. */
const fault = { on: false };
const failIfOn = (what: string) => {
  if (fault.on) throw new BusError('UNAVAILABLE', `${what}: the database went away`);
};

class FaultyVersions extends CatalogVersionRepository {
  override async storeServer(importId: string, server: CatalogServer, now: string): Promise<StoredServer> {
    failIfOn('store server');
    return super.storeServer(importId, server, now);
  }
}

class FaultyGraphs extends ToolGraphRepository {
  override async insertOnce(key: GraphKey, graph: { json: string; edgeCount: number; invalidAnswers: number; jobId: string }, now: string) {
    failIfOn('store graph');
    return super.insertOnce(key, graph, now);
  }
}

class FaultyChains extends ToolChainRepository {
  override async saveVerdict(
    chainId: string,
    operator: string,
    verdict: Pick<ChainVerdictEntity, 'status' | 'reasons'>,
    now: string,
  ): Promise<boolean> {
    failIfOn('store verdict');
    return super.saveVerdict(chainId, operator, verdict, now);
  }
}

/** graph-miner on the in-memory bus (which redelivers at once) and a real database, with the faulty repositories. */
function inMemoryGraphMiner(db: TestDatabase): DynamicModule {
  const config = loadGraphMinerConfig({ NATS_URL: 'nats://127.0.0.1:4222', ASTRA_INSECURE_LOCAL_BUS: 'true' });
  const module = GraphMinerModule.forRoot({ config, database: db.options });
  const faulty = [
    { provide: CatalogVersionRepository, useFactory: (ds: DataSource) => new FaultyVersions(ds), inject: [DataSource] },
    { provide: ToolGraphRepository, useFactory: (ds: DataSource) => new FaultyGraphs(ds), inject: [DataSource] },
    { provide: ToolChainRepository, useFactory: (ds: DataSource) => new FaultyChains(ds), inject: [DataSource] },
  ];
  const replaced = new Set<unknown>(faulty.map((p) => p.provide));
  const providers = (module.providers ?? []).filter((p) => typeof p === 'function' || !replaced.has(p.provide));
  const imports = (module.imports ?? []).filter((m) => (m as DynamicModule).module !== BusModule);
  return { ...module, imports: [InMemoryBusModule.forRoot({ service: 'graph-miner' }), ...imports], providers: [...providers, ...faulty] };
}

const TRACKER = JSON.stringify({
  base_info: {
    group_info: { server_name: 'tracker' },
    tool_list: [
      {
        name: 'create_project',
        description: 'Create a project',
        input_schema: { type: 'object', properties: { title: { type: 'string' } } },
        output_schema: { type: 'object', properties: { projectId: { type: 'string' } } },
      },
      {
        name: 'create_issue',
        description: 'Open an issue',
        input_schema: { type: 'object', properties: { project_id: { type: 'string' } }, required: ['project_id'] },
        output_schema: { type: 'object', properties: { issueId: { type: 'string' } } },
      },
      {
        name: 'close_issue',
        description: 'Close an issue',
        input_schema: { type: 'object', properties: { issue_id: { type: 'string' } }, required: ['issue_id'] },
      },
    ],
  },
});

const kinds = createTestDatabases({ service: 'graph-miner', entities: CATALOG_ENTITIES, migrations: CATALOG_MIGRATIONS });

describe.each(kinds)('a job whose fault outlasts every delivery ends as failed with its reason, on $name', (db) => {
  let app: INestApplicationContext;
  let bus: InMemoryBus;
  let sources: PayloadInputOf<Registry, 'catalog.import.requested'>['sources'];

  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(inMemoryGraphMiner(db), { logger: false, abortOnError: false });
    await app.init();
    bus = app.get(InMemoryBus);
    sources = [{ type: 'astra-jsonl', filename: 'tracker.jsonl', artifact: await app.get(ArtifactStore).put(`${TRACKER}\n`) }];
  });

  afterEach(() => {
    fault.on = false;
  });

  afterAll(async () => {
    await app?.close();
    await db.cleanup();
  });

  /** Publishes a command as the CLI does, and waits until the bus has settled every delivery of it. */
  async function deliver<K extends 'catalog.import.requested' | 'graph.build.requested' | 'chains.verify.requested'>(
    key: K,
    payload: PayloadInputOf<Registry, K>,
    id: string,
  ): Promise<string[]> {
    await bus.publish(key, payload, { id });
    await bus.idle();
    return bus.deliveries.filter((d) => d.id === id).map((d) => d.action);
  }

  it('catalog import: the last delivery records the import as failed and acks it, and the import is never run again', async () => {
    fault.on = true;
    expect(await deliver('catalog.import.requested', { importId: 'imp-down', sources }, 'import-imp-down')).toEqual([
      'nak',
      'nak',
      'nak',
      'nak',
      'ack',
    ]);
    expect(bus.deadLetters).toEqual([]);
    const report: ImportReport = await bus.request('catalog.import.status', { importId: 'imp-down' });
    expect(report).toMatchObject({
      status: 'failed',
      attempts: 5,
      finishedAt: expect.any(String),
      error: { code: 'UNAVAILABLE', message: 'store server: the database went away' },
    });

    fault.on = false;
    expect(await deliver('catalog.import.requested', { importId: 'imp-down', sources }, 'import-imp-down-again')).toEqual(['ack']);
    expect(await bus.request('catalog.import.status', { importId: 'imp-down' })).toEqual(report);

    expect(await deliver('catalog.import.requested', { importId: 'imp-up', sources }, 'import-imp-up')).toEqual(['ack']);
    expect(await bus.request('catalog.import.status', { importId: 'imp-up' })).toMatchObject({
      status: 'completed',
      attempts: 1,
      serversImported: 1,
    });
    expect((await bus.request('catalog.import.status', { importId: 'imp-up' })).error).toBeUndefined();
  });

  it('graph build: the last delivery records the job as failed with its reason and acks it', async () => {
    fault.on = true;
    expect(await deliver('graph.build.requested', { jobId: 'build-down', strategy: 'structural' }, 'graph-build-down')).toEqual([
      'nak',
      'nak',
      'nak',
      'nak',
      'ack',
    ]);
    expect(bus.deadLetters).toEqual([]);
    const report: GraphJobReport = await bus.request('graph.job.status', { jobId: 'build-down' });
    expect(report).toMatchObject({
      kind: 'graph-build',
      status: 'failed',
      attempts: 5,
      progress: { done: 0, total: 1 },
      error: { code: 'UNAVAILABLE', message: 'store graph: the database went away' },
    });
    expect(report.graphs).toBeUndefined();

    fault.on = false;
    expect(await deliver('graph.build.requested', { jobId: 'build-up', strategy: 'structural' }, 'graph-build-up')).toEqual(['ack']);
    const built = await bus.request('graph.job.status', { jobId: 'build-up' });
    expect(built).toMatchObject({
      status: 'completed',
      attempts: 1,
      progress: { done: 1, total: 1 },
      graphs: [expect.objectContaining({ server: 'tracker', created: true })],
    });
  });

  it('chain verification: the last delivery records the job as failed with its reason and acks it', async () => {
    expect((await bus.request('chains.sample', { seed: 1, perServer: 5 })).sampled).toBeGreaterThan(0);
    fault.on = true;
    expect(await deliver('chains.verify.requested', { jobId: 'verify-down' }, 'chains-verify-down')).toEqual([
      'nak',
      'nak',
      'nak',
      'nak',
      'ack',
    ]);
    expect(bus.deadLetters).toEqual([]);
    const report = await bus.request('graph.job.status', { jobId: 'verify-down' });
    expect(report).toMatchObject({
      kind: 'chains-verify',
      status: 'failed',
      attempts: 5,
      error: { code: 'UNAVAILABLE', message: 'store verdict: the database went away' },
    });
    expect(report.verification).toBeUndefined();
  });

  it('refuses a job id that another kind of job holds, without touching that job', async () => {
    const before = await bus.request('graph.job.status', { jobId: 'build-up' });
    expect(await deliver('chains.verify.requested', { jobId: 'build-up' }, 'chains-verify-build-up')).toEqual(['dead_letter']);
    expect(bus.deadLetters.map((d) => [d.envelope.id, d.code, d.message])).toEqual([
      ['chains-verify-build-up', 'CONFLICT', 'job build-up is a graph-build job, not a chains-verify job'],
    ]);
    expect(await bus.request('graph.job.status', { jobId: 'build-up' })).toEqual(before);
  });
});
