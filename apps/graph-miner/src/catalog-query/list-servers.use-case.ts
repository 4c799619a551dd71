import { Injectable } from '@nestjs/common';
import { Traced } from '@astra/platform/telemetry';
import { CatalogVersionRepository } from '@astra/persistence/graph-miner';
import { toServerSummary, type ServerSummary } from './server-views';

/** The latest version of every imported server. */
@Injectable()
export class ListServersUseCase {
  constructor(private readonly versions: CatalogVersionRepository) {}

  @Traced()
  async execute(query: { nameContains?: string }): Promise<{ servers: ServerSummary[] }> {
    const servers = await this.versions.listLatestServers(query.nameContains);
    return { servers: servers.map(toServerSummary) };
  }
}
