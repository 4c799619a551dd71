import { Injectable } from '@nestjs/common';
import type { ChainOperator, PayloadOf, Registry, ResponseOf } from '@astra/contracts';
import { ProvenanceChecker, type ToolServer, type Verdict } from '@astra/domain/tool-graph';
import { CatalogVersionRepository, ToolChainRepository, type ToolChainEntity } from '@astra/persistence/graph-miner';
import { Traced } from '@astra/platform/telemetry';
import { toToolServer } from '../graph/server-tools';
import { ChainJudges } from './chain-judges';

type VerifyRequest = PayloadOf<Registry, 'chains.verify'>;

/** Gives every stored chain without a verdict of the operator one, and counts the verdicts in scope. */
@Injectable()
export class VerifyChainsUseCase {
  constructor(
    private readonly versions: CatalogVersionRepository,
    private readonly chains: ToolChainRepository,
    private readonly judges: ChainJudges,
  ) {}

  @Traced()
  async execute(request: VerifyRequest): Promise<ResponseOf<Registry, 'chains.verify'>> {
    if (request.operator !== 'provenance') this.judges.ensure(request.operator);
    const pending = await this.chains.unverified(request.servers, request.operator);
    const servers = new Map<string, { server: ToolServer; provenance: ProvenanceChecker }>();
    let verified = 0;
    for (const chain of pending) {
      const context = servers.get(chain.serverVersionId) ?? (await this.load(chain));
      servers.set(chain.serverVersionId, context);
      const verdict = await this.judge(request, context, chain.tools);
      if (await this.chains.saveVerdict(chain.id, request.operator, verdict, new Date().toISOString())) verified += 1;
    }
    const { total, counts } = await this.chains.statusCounts(request.servers, request.operator);
    return { operator: request.operator, verified, total, counts };
  }

  private judge(request: VerifyRequest, context: { server: ToolServer; provenance: ProvenanceChecker }, tools: string[]): Promise<Verdict> | Verdict {
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

  private async load(chain: ToolChainEntity): Promise<{ server: ToolServer; provenance: ProvenanceChecker }> {
    const found = await this.versions.findServer(chain.serverName, chain.serverVersion);
    // The catalog keeps every version, so a chain's server version is always there; an empty server rejects every tool.
    const server = found ? toToolServer(found) : { name: chain.serverName, tools: [] };
    return { server, provenance: new ProvenanceChecker(server) };
  }
}
