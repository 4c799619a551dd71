import { randomUUID } from 'node:crypto';
import { InMemoryJobTable, type JobProgress, JobRunner, WorkCancellation } from '@astra/platform/jobs';
import type {
  CatalogServerVersionEntity,
  CatalogToolVersionEntity,
  CatalogVersionRepository,
  GraphJobRepository,
  GraphKey,
  ServerWithTools,
  ToolGraphEntity,
  ToolGraphRepository,
} from '@astra/persistence/graph-miner';
import { GraphJobs } from '../../src/jobs/graph-jobs';

// In-memory stand-ins for graph-miner's repositories: unit tests of use cases need no database.

/** A catalog server version with tools, as CatalogVersionRepository.findServer returns it. */
export function catalogServer(
  name: string,
  tools: { name: string; description?: string; parameters?: Record<string, unknown>; outputSchema?: Record<string, unknown> }[],
  version = 1,
): ServerWithTools {
  const server = {
    id: `${name}-v${version}`,
    name,
    version,
    origin: 'test',
    description: '',
    contentHash: 'h',
    toolCount: tools.length,
    metadata: {},
    importId: 'i',
    createdAt: '2026-01-01T00:00:00.000Z',
  } as CatalogServerVersionEntity;
  return {
    server,
    tools: tools.map(
      (t) =>
        ({
          id: randomUUID(),
          serverName: name,
          name: t.name,
          version: 1,
          description: t.description ?? t.name,
          parameters: t.parameters ?? { type: 'object', properties: {} },
          outputSchema: t.outputSchema ?? null,
          contentHash: 'h',
          importId: 'i',
          createdAt: server.createdAt,
        }) as CatalogToolVersionEntity,
    ),
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
    return (
      this.rows.find(
        (r) => r.serverVersionId === key.serverVersionId && r.strategy === key.strategy && r.optionsHash === key.optionsHash,
      ) ?? null
    );
  }
  async insertOnce(key: GraphKey, graph: { json: string; edgeCount: number; invalidAnswers: number; jobId: string }, now: string) {
    const existing = await this.find(key);
    if (existing) return { row: existing, created: false };
    const row = {
      id: randomUUID(),
      ...key,
      edgeCount: graph.edgeCount,
      graph: graph.json,
      invalidAnswers: graph.invalidAnswers,
      createdAt: now,
      jobId: graph.jobId,
    };
    this.rows.push(row);
    return { row, created: true };
  }
  asRepository(): ToolGraphRepository {
    return this as unknown as ToolGraphRepository;
  }
}

/** GraphJobRepository in memory: one table for every kind, results kept as the work returned them. */
export class FakeJobs extends InMemoryJobTable {
  /** Every progress write, in order. */
  get progress(): JobProgress[] {
    return this.progressWrites;
  }
  asRepository(): GraphJobRepository {
    return this as unknown as GraphJobRepository;
  }
}

/** GraphJobs over fake jobs, with the pieces a test looks at. */
export function jobRunner() {
  const jobs = new FakeJobs();
  const cancellation = new WorkCancellation();
  return { jobs, cancellation, runner: new GraphJobs(new JobRunner(cancellation), jobs.asRepository()) };
}
