import { Inject, Injectable } from '@nestjs/common';
import { Traced } from '@astra/platform/telemetry';
import type { CatalogSource, ImportReport } from '@astra/contracts';
import { buildCatalog, type CatalogServer } from '@astra/domain/catalog';
import { MessageBus } from '@astra/platform/bus';
import { CatalogImportRepository, CatalogVersionRepository } from '@astra/persistence/graph-miner';
import { GRAPH_MINER_CONFIG, type GraphMinerConfig } from '../graph-miner.config';
import { WorkCancellation } from '../jobs/work-cancellation';
import { composeReport } from './import-report';
import { CatalogSourceReader } from './sources/catalog-source.reader';

export interface ImportCatalogCommand {
  readonly importId: string;
  readonly sources: readonly CatalogSource[];
}

const now = () => new Date().toISOString();

/**
 * Imports tool catalogs: reads every source, normalises and filters, stores each server by content hash and
 * publishes the report. Idempotent per importId and per server: a redelivery after a crash skips the servers
 * already stored for this import and continues with the rest.
 */
@Injectable()
export class ImportCatalogUseCase {
  constructor(
    private readonly reader: CatalogSourceReader,
    private readonly versions: CatalogVersionRepository,
    private readonly imports: CatalogImportRepository,
    private readonly bus: MessageBus,
    private readonly cancellation: WorkCancellation,
    @Inject(GRAPH_MINER_CONFIG) private readonly config: GraphMinerConfig,
  ) {}

  @Traced()
  async execute(command: ImportCatalogCommand): Promise<ImportReport> {
    return this.cancellation.track(() => this.run(command));
  }

  private async run(command: ImportCatalogCommand): Promise<ImportReport> {
    const { importId } = command;
    const existing = await this.imports.findRun(importId);
    if (existing && (existing.status === 'completed' || existing.status === 'failed')) return this.report(importId);
    await this.imports.beginRun(importId, command.sources.length, now());
    const read = await this.reader.readAll(command.sources);
    const catalog = buildCatalog(read.servers, { minTools: this.config.CATALOG_MIN_TOOLS });
    await this.imports.replaceRejections(importId, [...read.rejections, ...catalog.rejections], now());
    await this.storeServers(importId, catalog.servers, read.errors);
    await this.imports.finishRun(importId, read.errors.length > 0 ? 'failed' : 'completed', now());
    const report = await this.report(importId);
    await this.bus.publish('catalog.import.completed', report, { id: `catalog-import-completed-${importId}` });
    return report;
  }

  private async storeServers(importId: string, servers: readonly CatalogServer[], errors: { source: string; code: string; message: string }[]): Promise<void> {
    const stored = new Set((await this.imports.items(importId)).map((item) => item.serverName));
    let done = servers.filter((server) => stored.has(server.name)).length;
    await this.imports.setProgress(importId, { serversTotal: servers.length, serversDone: done, errors }, now());
    for (const server of servers) {
      if (stored.has(server.name)) continue;
      await this.cancellation.checkpoint(`import ${importId}`);
      await this.versions.storeServer(importId, server, now());
      done += 1;
      await this.imports.setProgress(importId, { serversDone: done }, now());
    }
  }

  private async report(importId: string): Promise<ImportReport> {
    const run = await this.imports.findRun(importId);
    if (!run) throw new Error(`import ${importId} has no run`);
    const [items, rejections] = await Promise.all([this.imports.items(importId), this.imports.rejections(importId)]);
    return composeReport(run, items, rejections);
  }
}
