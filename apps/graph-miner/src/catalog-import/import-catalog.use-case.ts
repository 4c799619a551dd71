import { Inject, Injectable } from '@nestjs/common';
import { Traced } from '@astra/platform/telemetry';
import { BusError, type CatalogSource, type ImportReport, isErrorCode } from '@astra/contracts';
import { buildCatalog, type CatalogServer } from '@astra/domain/catalog';
import { CatalogImportRepository, CatalogVersionRepository, type SourceError } from '@astra/persistence/graph-miner';
import { type JobContext, type JobDelivery, JobRunner } from '@astra/platform/jobs';
import { GRAPH_MINER_CONFIG, type GraphMinerConfig } from '../graph-miner.config';
import { readImportReport } from './import-report';
import { CatalogSourceReader } from './sources/catalog-source.reader';

export interface ImportCatalogCommand {
  readonly importId: string;
  readonly sources: readonly CatalogSource[];
}

const now = () => new Date().toISOString();

/**
 * Imports tool catalogs as a durable job: reads every source, normalises and filters, and stores each server by
 * content hash with progress per server. Idempotent per importId and per server: a redelivery after a crash skips
 * the servers already stored for this import and continues with the rest; a finished import is not run again.
 */
@Injectable()
export class ImportCatalogUseCase {
  constructor(
    private readonly reader: CatalogSourceReader,
    private readonly versions: CatalogVersionRepository,
    private readonly imports: CatalogImportRepository,
    private readonly runner: JobRunner,
    @Inject(GRAPH_MINER_CONFIG) private readonly config: GraphMinerConfig,
  ) {}

  @Traced()
  async execute(command: ImportCatalogCommand, delivery: JobDelivery): Promise<ImportReport> {
    const { importId } = command;
    await this.runner.run({ kind: 'catalog-import', jobId: importId, request: command, store: this.imports, delivery, work: (job) => this.import(command, job) });
    return readImportReport(this.imports, importId);
  }

  private async import(command: ImportCatalogCommand, job: JobContext): Promise<void> {
    const { importId } = command;
    const read = await this.reader.readAll(command.sources);
    const catalog = buildCatalog(read.servers, { minTools: this.config.CATALOG_MIN_TOOLS });
    await this.imports.replaceRejections(importId, [...read.rejections, ...catalog.rejections], now());
    await this.imports.setSourceErrors(importId, read.errors, now());
    await this.storeServers(importId, catalog.servers, job);
    // The servers of the sources that could be read are stored; the import still failed, and says which sources.
    if (read.errors.length > 0) throw sourcesFailed(read.errors);
  }

  private async storeServers(importId: string, servers: readonly CatalogServer[], job: JobContext): Promise<void> {
    const stored = new Set((await this.imports.items(importId)).map((item) => item.serverName));
    let done = servers.filter((server) => stored.has(server.name)).length;
    await job.progress(done, servers.length);
    for (const server of servers) {
      if (stored.has(server.name)) continue;
      await job.checkpoint();
      await this.versions.storeServer(importId, server, now());
      done += 1;
      await job.progress(done);
    }
  }
}

/** A final error naming the sources that failed, with the first one's code. */
function sourcesFailed(errors: readonly SourceError[]): BusError {
  const code = errors.map((error) => error.code).find(isErrorCode) ?? 'CATALOG_SOURCE_INVALID';
  return new BusError(code, `${errors.length} source(s) failed: ${errors.map((error) => error.source).join(', ')}`, { retryable: false });
}
