import { Injectable } from '@nestjs/common';
import type { ChainOperator, ChainVerification, GraphJobReport, PayloadOf, Registry } from '@astra/contracts';
import { ProvenanceChecker, type ToolServer, type Verdict } from '@astra/domain/tool-graph';
import { CatalogVersionRepository, ToolChainRepository, type ToolChainEntity } from '@astra/persistence/graph-miner';
import { type JobContext, type JobDelivery, mapConcurrent } from '@astra/platform/jobs';
import { Traced } from '@astra/platform/telemetry';
import { toToolServer } from '../graph/server-tools';
import { GraphJobs } from '../jobs/graph-jobs';
import { ChainJudges } from './chain-judges';

type VerifyRequest = PayloadOf<Registry, 'chains.verify.requested'>;
type ServerContext = { server: ToolServer; provenance: ProvenanceChecker };

/**
 * Gives every stored chain without a verdict of the operator one, as a durable job with progress per chain, and
 * counts the verdicts in scope. A redelivery continues with the chains still without a verdict.
 */
@Injectable()
export class VerifyChainsUseCase {
  constructor(
    private readonly versions: CatalogVersionRepository,
    private readonly chains: ToolChainRepository,
    private readonly judges: ChainJudges,
    private readonly jobs: GraphJobs,
  ) {}

  @Traced()
  async execute(request: VerifyRequest, delivery: JobDelivery): Promise<GraphJobReport> {
    return this.jobs.run('chains-verify', request, delivery, (job) => this.verify(request, job));
  }

  private async verify(request: VerifyRequest, job: JobContext): Promise<{ verification: ChainVerification }> {
    // Provenance is pure CPU; the model operators judge as many chains at once as the judge role's endpoints take.
    const parallel = request.operator === 'provenance' ? 1 : this.judges.parallelism(request.operator);
    const pending = await this.chains.unverified(request.servers, request.operator);
    await job.progress(0, pending.length);
    const servers = new Map<string, Promise<ServerContext>>();
    let done = 0;
    let verified = 0;
    await mapConcurrent(pending, parallel, async (chain) => {
      await job.checkpoint();
      const context = servers.get(chain.serverVersionId) ?? this.load(chain);
      servers.set(chain.serverVersionId, context);
      const verdict = await this.judge(request, await context, chain.tools);
      if (await this.chains.saveVerdict(chain.id, request.operator, verdict, new Date().toISOString())) verified += 1;
      done += 1;
      await job.progress(done);
    });
    const { total, counts } = await this.chains.statusCounts(request.servers, request.operator);
    return { verification: { operator: request.operator, verified, total, counts } };
  }

  private judge(request: VerifyRequest, context: ServerContext, tools: string[]): Promise<Verdict> | Verdict {
    const operator: ChainOperator = request.operator;
    switch (operator) {
      case 'provenance':
        return context.provenance.check(tools);
      case 'vote':
        return this.judges.vote(context.server, tools, request.samples);
      case 'backtranslation':
        return this.judges.backTranslate(context.server, tools);
    }
  }

  private async load(chain: ToolChainEntity): Promise<ServerContext> {
    const found = await this.versions.findServer(chain.serverName, chain.serverVersion);
    // The catalog keeps every version, so a chain's server version is always there; an empty server rejects every tool.
    const server = found ? toToolServer(found) : { name: chain.serverName, tools: [] };
    return { server, provenance: new ProvenanceChecker(server) };
  }
}
