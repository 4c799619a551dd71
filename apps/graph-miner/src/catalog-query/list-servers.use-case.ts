import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry, ResponseOf } from '@astra/contracts';
import { Traced } from '@astra/platform/telemetry';
import { CatalogVersionRepository } from '@astra/persistence/graph-miner';
import { z } from 'zod';
import { decodeCursor, encodeCursor, pageOf } from '@astra/platform/bus';
import { toServerSummary } from './server-views';

const NAME_KEY = z.tuple([z.string()]);

/** One page of the latest version of every imported server, by name. */
@Injectable()
export class ListServersUseCase {
  constructor(private readonly versions: CatalogVersionRepository) {}

  @Traced()
  async execute(query: PayloadOf<Registry, 'catalog.servers.list'>): Promise<ResponseOf<Registry, 'catalog.servers.list'>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, NAME_KEY)[0];
    const rows = await this.versions.listLatestServers(query.nameContains, { after, take: query.limit + 1 });
    const page = pageOf(rows.map(toServerSummary), query.limit, (server) => encodeCursor([server.name]));
    return { servers: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }
}
