import { Injectable } from '@nestjs/common';
import { BusError, type PayloadOf, type Registry, type ResponseOf } from '@astra/contracts';
import { graphFromJson, graphToDot, graphToJson, graphToMermaid, graphToText } from '@astra/domain/tool-graph';
import { type ToolGraphEntity, ToolGraphRepository } from '@astra/persistence/graph-miner';
import { Traced } from '@astra/platform/telemetry';
import { z } from 'zod';
import { decodeCursor, encodeCursor, textPiece } from '@astra/platform/bus';

const RENDER = { text: graphToText, dot: graphToDot, mermaid: graphToMermaid, json: graphToJson } as const;
// The graph's row id and an offset: later pieces come from the same graph, even if a newer one is stored meanwhile.
const PIECE_KEY = z.tuple([z.string().min(1), z.number().int().nonnegative()]);

/**
 * The latest stored graph of a server, rendered, one piece of the text per answer (a large graph takes several).
 * The last text rendered is kept, so that following its pieces renders it once (a replica that did not render it
 * renders it again).
 */
@Injectable()
export class ShowGraphUseCase {
  private last?: { readonly key: string; readonly text: string };

  constructor(private readonly graphs: ToolGraphRepository) {}

  @Traced()
  async execute(query: PayloadOf<Registry, 'graph.show'>): Promise<ResponseOf<Registry, 'graph.show'>> {
    const piece = query.cursor === undefined ? undefined : decodeCursor(query.cursor, PIECE_KEY);
    const row = piece ? await this.graphs.byId(piece[0]) : await this.graphs.latest(query.server, query.strategy);
    if (!row) {
      const which = query.strategy ? ` ${query.strategy}` : '';
      throw new BusError(
        'NOT_FOUND',
        `no${which} graph of server "${query.server}": build one with astra graph build --server ${query.server}`,
      );
    }
    const text = this.render(row, query.format);
    const { piece: part, end } = textPiece(text, Math.min(piece?.[1] ?? 0, text.length));
    return end < text.length ? { text: part, nextCursor: encodeCursor([row.id, end]) } : { text: part };
  }

  private render(row: ToolGraphEntity, format: keyof typeof RENDER): string {
    // A stored graph row never changes, so its id and the format name the text.
    const key = `${row.id} ${format}`;
    if (this.last?.key !== key) this.last = { key, text: RENDER[format](graphFromJson(row.graph)) };
    return this.last.text;
  }
}
