import { Injectable } from '@nestjs/common';
import { Traced } from '@astra/platform/telemetry';
import { BusError, type PayloadOf, type Registry, type ResponseOf } from '@astra/contracts';
import { CatalogVersionRepository } from '@astra/persistence/graph-miner';
import { z } from 'zod';
import { decodeCursor, encodeCursor, pageOf } from '@astra/platform/bus';
import { toServerSummary, toToolView } from './server-views';

const NAME_KEY = z.tuple([z.string()]);

/** One server version with one page of its tools, by name; NOT_FOUND names what was asked for. */
@Injectable()
export class ShowServerUseCase {
  constructor(private readonly versions: CatalogVersionRepository) {}

  @Traced()
  async execute(query: PayloadOf<Registry, 'catalog.server.show'>): Promise<ResponseOf<Registry, 'catalog.server.show'>> {
    const server = await this.versions.findServerVersion(query.name, query.version);
    if (!server) {
      const which = query.version === undefined ? '' : ` version ${query.version}`;
      throw new BusError('NOT_FOUND', `no server "${query.name}"${which} in the catalog`);
    }
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, NAME_KEY)[0];
    const tools = await this.versions.toolsOf(server.id, { after, take: query.limit + 1 });
    const page = pageOf(tools.map(toToolView), query.limit, (tool) => encodeCursor([tool.name]));
    return { server: toServerSummary(server), tools: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }
}
