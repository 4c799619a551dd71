import { Injectable } from '@nestjs/common';
import type { ChainOperator, PayloadOf, Registry, ResponseOf } from '@astra/contracts';
import { ToolChainRepository } from '@astra/persistence/graph-miner';
import { Traced } from '@astra/platform/telemetry';

/** Stored chains with their verdicts. */
@Injectable()
export class ListChainsUseCase {
  constructor(private readonly chains: ToolChainRepository) {}

  @Traced()
  async execute(query: PayloadOf<Registry, 'chains.list'>): Promise<ResponseOf<Registry, 'chains.list'>> {
    const rows = await this.chains.list(query);
    return {
      chains: rows.map(({ chain, verdicts }) => ({
        id: chain.id,
        server: chain.serverName,
        version: chain.serverVersion,
        tools: chain.tools,
        seed: chain.seed,
        verdicts: verdicts.map((v) => ({ operator: v.operator as ChainOperator, status: v.status, reasons: v.reasons })),
      })),
    };
  }
}
