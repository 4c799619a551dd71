import { Injectable } from '@nestjs/common';
import type { ChainOperator, PayloadOf, Registry, ResponseOf } from '@astra/contracts';
import { ToolChainRepository } from '@astra/persistence/graph-miner';
import { Traced } from '@astra/platform/telemetry';
import { z } from 'zod';
import { decodeCursor, encodeCursor, pageOf } from '@astra/platform/bus';

const CHAIN_KEY = z.tuple([z.string(), z.string(), z.string()]);

/** One page of the stored chains with their verdicts. */
@Injectable()
export class ListChainsUseCase {
  constructor(private readonly chains: ToolChainRepository) {}

  @Traced()
  async execute(query: PayloadOf<Registry, 'chains.list'>): Promise<ResponseOf<Registry, 'chains.list'>> {
    const key = query.cursor === undefined ? undefined : decodeCursor(query.cursor, CHAIN_KEY);
    const after = key && { serverName: key[0], createdAt: key[1], id: key[2] };
    const rows = await this.chains.list({ server: query.server, status: query.status, limit: query.limit + 1, after });
    const views = rows.map(({ chain, verdicts }) => ({
      view: {
        id: chain.id,
        server: chain.serverName,
        version: chain.serverVersion,
        tools: chain.tools,
        seed: chain.seed,
        verdicts: verdicts.map((v) => ({ operator: v.operator as ChainOperator, status: v.status, reasons: v.reasons })),
      },
      key: [chain.serverName, chain.createdAt, chain.id],
    }));
    const page = pageOf(views, query.limit, (row) => encodeCursor(row.key));
    return { chains: page.items.map((row) => row.view), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }
}
