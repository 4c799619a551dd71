import { randomUUID } from 'node:crypto';
import { InMemoryBus } from '@astra/platform/bus';
import type {
  CatalogServerVersionEntity,
  CatalogToolVersionEntity,
  CatalogVersionRepository,
  GraphJobEntity,
  GraphJobRepository,
  GraphKey,
  ServerWithTools,
  ToolGraphEntity,
  ToolGraphRepository,
} from '@astra/persistence/graph-miner';
import { GraphJobRunner } from '../../src/jobs/graph-job.runner';
import { WorkCancellation } from '../../src/jobs/work-cancellation';

// In-memory stand-ins for graph-miner's repositories: unit tests of use cases need no database.

/** A catalog server version with tools, as CatalogVersionRepository.findServer returns it. */
export function catalogServer(name: string, tools: { name: string; description?: string; parameters?: Record<string, unknown>; outputSchema?: Record<string, unknown> }[], version = 1): ServerWithTools {
  const server = { id: `${name}-v${version}`, name, version, origin: 'test', description: '', contentHash: 'h', toolCount: tools.length, metadata: {}, importId: 'i', createdAt: '2026-01-01T00:00:00.000Z' } as CatalogServerVersionEntity;
  return {
    server,
    tools: tools.map((t) => ({ id: randomUUID(), serverName: name, name: t.name, version: 1, description: t.description ?? t.name, parameters: t.parameters ?? { type: 'object', properties: {} }, outputSchema: t.outputSchema ?? null, contentHash: 'h', importId: 'i', createdAt: server.createdAt }) as CatalogToolVersionEntity),
  };
}

export class FakeCatalog {
  constructor(readonly servers: ServerWithTools[]) {}
  async listLatestServers() {
    return this.servers.map((s) => s.server);
  }
  async findServer(name: string, version?: number) {
    return this.servers.find((s) => s.server.name === name && (version === undefined || s.server.version === version)) ?? null;
  }
  asRepository(): CatalogVersionRepository {
    return this as unknown as CatalogVersionRepository;
  }
}

export class FakeGraphs {
  readonly rows: ToolGraphEntity[] = [];
  async find(key: Pick<GraphKey, 'serverVersionId' | 'strategy' | 'optionsHash'>) {
    return this.rows.find((r) => r.serverVersionId === key.serverVersionId && r.strategy === key.strategy && r.optionsHash === key.optionsHash) ?? null;
  }
  async insertOnce(key: GraphKey, graph: { json: string; edgeCount: number; invalidAnswers: number; jobId: string }, now: string) {
    const existing = await this.find(key);
    if (existing) return { row: existing, created: false };
    const row = { id: randomUUID(), ...key, edgeCount: graph.edgeCount, graph: graph.json, invalidAnswers: graph.invalidAnswers, createdAt: now, jobId: graph.jobId };
    this.rows.push(row);
    return { row, created: true };
  }
  asRepository(): ToolGraphRepository {
    return this as unknown as ToolGraphRepository;
  }
}

export class FakeJobs {
  readonly rows = new Map<string, GraphJobEntity>();
  /** Every progress update, in order. */
  readonly progress: { done: number; total?: number }[] = [];
  async find(jobId: string) {
    const row = this.rows.get(jobId);
    return row ? { ...row } : null;
  }
  async begin(jobId: string, kind: string, request: Record<string, unknown>, now: string) {
    const existing = this.rows.get(jobId);
    const row: GraphJobEntity = existing
      ? { ...existing, attempts: existing.attempts + 1, status: 'running' }
      : { jobId, kind, status: 'running', request: JSON.stringify(request), done: 0, total: 0, attempts: 1, result: null, error: null, startedAt: now, updatedAt: now, finishedAt: null };
    this.rows.set(jobId, row);
    return row;
  }
  async setProgress(jobId: string, progress: { done: number; total?: number }) {
    this.progress.push(progress);
    const row = this.rows.get(jobId);
    if (row) this.rows.set(jobId, { ...row, ...progress });
  }
  async finish(jobId: string, outcome: { status: 'completed'; result: Record<string, unknown> } | { status: 'failed'; error: { code: string; message: string } }, now: string) {
    const row = this.rows.get(jobId);
    if (!row) return;
    const fields = outcome.status === 'completed' ? { result: JSON.stringify(outcome.result), error: null } : { result: null, error: outcome.error };
    this.rows.set(jobId, { ...row, ...fields, status: outcome.status, finishedAt: now });
  }
  asRepository(): GraphJobRepository {
    return this as unknown as GraphJobRepository;
  }
}

/** A GraphJobRunner over fake jobs and the in-memory bus, with the pieces a test looks at. */
export function jobRunner() {
  const jobs = new FakeJobs();
  const bus = new InMemoryBus({ service: 'graph-miner' });
  const cancellation = new WorkCancellation();
  return { jobs, bus, cancellation, runner: new GraphJobRunner(jobs.asRepository(), bus, cancellation) };
}
