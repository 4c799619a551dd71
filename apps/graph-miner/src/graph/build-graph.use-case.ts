import { Injectable } from '@nestjs/common';
import { contentHash, type GraphJobReport, type GraphStrategy, type PayloadOf, type Registry } from '@astra/contracts';
import { DEFAULT_STRUCTURAL_OPTIONS, graphToJson, StructuralStrategy, type ToolServer } from '@astra/domain/tool-graph';
import { CatalogVersionRepository, type ServerWithTools, ToolGraphRepository } from '@astra/persistence/graph-miner';
import { type JobContext, type JobDelivery, mapConcurrent } from '@astra/platform/jobs';
import { Traced } from '@astra/platform/telemetry';
import { GraphJobs } from '../jobs/graph-jobs';
import { GraphLlm, LLM_ROLES } from './graph-llm';
import { MODEL_PROMPT_VERSION, type ModelGraph, ModelGraphBuilder } from './model-graph.builder';
import { resolveServers, toToolServer } from './server-tools';

type BuildRequest = PayloadOf<Registry, 'graph.build.requested'>;
type BuiltGraph = NonNullable<GraphJobReport['graphs']>[number];

/**
 * Builds and stores each server's graph once per (server version, strategy, options), as a durable job with
 * progress per server. A rebuild finds the stored graph; a redelivery after a crash finds the graphs built so far.
 */
@Injectable()
export class BuildGraphUseCase {
  private readonly structural = new StructuralStrategy();

  constructor(
    private readonly versions: CatalogVersionRepository,
    private readonly graphs: ToolGraphRepository,
    private readonly models: ModelGraphBuilder,
    private readonly llm: GraphLlm,
    private readonly jobs: GraphJobs,
  ) {}

  @Traced()
  async execute(request: BuildRequest, delivery: JobDelivery): Promise<GraphJobReport> {
    return this.jobs.run('graph-build', request, delivery, (job) => this.build(request, job));
  }

  private async build(request: BuildRequest, job: JobContext): Promise<{ graphs: BuiltGraph[] }> {
    // Structural mining is pure CPU; a model strategy builds as many servers at once as the proposer role's endpoints
    // take (each server's samples stay in order, so a scripted or cached model replays exactly).
    const role = request.strategy === 'structural' ? undefined : this.llm.require(`the ${request.strategy} strategy`, LLM_ROLES.proposer);
    const optionsHash = hashOptions(request.strategy, role?.model, request.samples);
    const servers = await resolveServers(this.versions, request.servers);
    await job.progress(0, servers.length);
    let done = 0;
    const graphs = await mapConcurrent(servers, role?.capacity ?? 1, async (found) => {
      await job.checkpoint();
      const graph = await this.buildOne(found, request, optionsHash);
      done += 1;
      await job.progress(done);
      return graph;
    });
    return { graphs };
  }

  private async buildOne(found: ServerWithTools, request: BuildRequest, optionsHash: string): Promise<BuiltGraph> {
    const key = {
      serverName: found.server.name,
      serverVersionId: found.server.id,
      serverVersion: found.server.version,
      strategy: request.strategy,
      optionsHash,
    };
    const stored = await this.graphs.find(key);
    // A redelivered build finds what it stored before it was interrupted: still its own new graph.
    if (stored) return view(key, stored, stored.jobId === request.jobId);
    const built = await this.detect(toToolServer(found), request.strategy, request.samples);
    if (request.strategy !== 'structural' && built.invalidAnswers >= request.samples) {
      // No usable answer: keeping the empty graph would stop every later build from asking again.
      const { graph, invalidAnswers } = built;
      return {
        server: key.serverName,
        version: key.serverVersion,
        strategy: request.strategy,
        edges: graph.edges.length,
        rejectedNames: graph.rejected,
        invalidAnswers,
        created: false,
        stored: false,
      };
    }
    const { row, created } = await this.graphs.insertOnce(
      key,
      { json: graphToJson(built.graph), edgeCount: built.graph.edges.length, invalidAnswers: built.invalidAnswers, jobId: request.jobId },
      new Date().toISOString(),
    );
    return view(key, row, created);
  }

  private async detect(server: ToolServer, strategy: GraphStrategy, samples: number): Promise<ModelGraph> {
    if (strategy === 'llm') return this.models.llmGraph(server, samples);
    const structural = this.structural.detectSync(server);
    if (strategy === 'hybrid') return this.models.hybridGraph(server, structural, samples);
    return { graph: structural, invalidAnswers: 0 };
  }
}

function view(
  key: { serverName: string; serverVersion: number; strategy: GraphStrategy },
  row: { edgeCount: number; invalidAnswers: number; graph: string },
  created: boolean,
): BuiltGraph {
  const rejected = (JSON.parse(row.graph) as { rejected?: string[] }).rejected ?? [];
  return {
    server: key.serverName,
    version: key.serverVersion,
    strategy: key.strategy,
    edges: row.edgeCount,
    rejectedNames: rejected,
    invalidAnswers: row.invalidAnswers,
    created,
    stored: true,
  };
}

/** Everything that changes what a strategy produces for the same server version. */
function hashOptions(strategy: GraphStrategy, model: string | undefined, samples: number): string {
  const options =
    strategy === 'structural'
      ? { structural: DEFAULT_STRUCTURAL_OPTIONS }
      : { structural: DEFAULT_STRUCTURAL_OPTIONS, model, samples, prompt: MODEL_PROMPT_VERSION };
  return contentHash({ strategy, ...options });
}
