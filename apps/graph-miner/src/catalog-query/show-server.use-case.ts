import { Injectable } from '@nestjs/common';
import { Traced } from '@astra/platform/telemetry';
import { BusError } from '@astra/contracts';
import { CatalogVersionRepository } from '@astra/persistence/graph-miner';
import { toServerSummary, toToolView, type ServerSummary, type ToolView } from './server-views';

/** One server version with its tools; NOT_FOUND names what was asked for. */
@Injectable()
export class ShowServerUseCase {
  constructor(private readonly versions: CatalogVersionRepository) {}

  @Traced()
  async execute(query: { name: string; version?: number }): Promise<{ server: ServerSummary; tools: ToolView[] }> {
    const found = await this.versions.findServer(query.name, query.version);
    if (!found) {
      const which = query.version === undefined ? '' : ` version ${query.version}`;
      throw new BusError('NOT_FOUND', `no server "${query.name}"${which} in the catalog`);
    }
    return { server: toServerSummary(found.server), tools: found.tools.map(toToolView) };
  }
}
