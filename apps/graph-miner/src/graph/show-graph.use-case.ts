import { Injectable } from '@nestjs/common';
import { BusError, type PayloadOf, type Registry } from '@astra/contracts';
import { graphFromJson, graphToDot, graphToJson, graphToMermaid, graphToText } from '@astra/domain/tool-graph';
import { ToolGraphRepository } from '@astra/persistence/graph-miner';
import { Traced } from '@astra/platform/telemetry';

const RENDER = { text: graphToText, dot: graphToDot, mermaid: graphToMermaid, json: graphToJson } as const;

/** The latest stored graph of a server, rendered. */
@Injectable()
export class ShowGraphUseCase {
  constructor(private readonly graphs: ToolGraphRepository) {}

  @Traced()
  async execute(query: PayloadOf<Registry, 'graph.show'>): Promise<{ text: string }> {
    const row = await this.graphs.latest(query.server, query.strategy);
    if (!row) {
      const which = query.strategy ? ` ${query.strategy}` : '';
      throw new BusError('NOT_FOUND', `no${which} graph of server "${query.server}": build one with astra graph build --server ${query.server}`);
    }
    return { text: RENDER[query.format](graphFromJson(row.graph)) };
  }
}
