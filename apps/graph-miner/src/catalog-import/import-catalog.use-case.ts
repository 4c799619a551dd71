import { Inject, Injectable } from '@nestjs/common';
import { Traced } from '@astra/platform/telemetry';
import { BusError, type CatalogSource, type ImportReport, isErrorCode } from '@astra/contracts';
import type { CatalogServer } from '@astra/domain/catalog';
import { CatalogImportRepository, CatalogVersionRepository, type SourceError } from '@astra/persistence/graph-miner';
import { type JobContext, type JobDelivery, jobFault, JobRunner } from '@astra/platform/jobs';
import { GRAPH_MINER_CONFIG, type GraphMinerConfig } from '../graph-miner.config';
import { buildServers, serverFailed } from './build-servers';
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
 * A fault in one source or one server is that source's error or that server's rejection, and the rest is stored:
 * the import completes. It fails only when no source could be read, or when a retryable fault (the database or
 * artifact store unreachable) outlasts every delivery.
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
    await this.runner.run({
      kind: 'catalog-import',
      jobId: importId,
      request: command,
      store: this.imports,
      delivery,
      work: (job) => this.import(command, job),
    });
    return readImportReport(this.imports, importId);
  }

  private async import(command: ImportCatalogCommand, job: JobContext): Promise<void> {
    const { importId } = command;
    const read = await this.reader.readAll(command.sources);
    const catalog = buildServers(read.servers, this.config.CATALOG_MIN_TOOLS);
    await this.imports.replaceRejections(importId, [...read.rejections, ...catalog.rejections], now());
    await this.imports.setSourceErrors(importId, read.errors, now());
    await this.storeServers(importId, catalog.servers, catalog.failed, job);
    // With nothing read there is nothing imported: the import failed, and says why.
    if (read.errors.length > 0 && read.errors.length === command.sources.length) throw sourcesFailed(read.errors);
  }

  /** Stores the servers not yet stored; progress counts them and the `failed` servers that could not be built. */
  private async storeServers(importId: string, servers: readonly CatalogServer[], failed: number, job: JobContext): Promise<void> {
    const stored = new Set((await this.imports.items(importId)).map((item) => item.serverName));
    let done = failed + servers.filter((server) => stored.has(server.name)).length;
    await job.progress(done, failed + servers.length);
    for (const server of servers) {
      if (stored.has(server.name)) continue;
      await job.checkpoint();
      await this.storeServer(importId, server);
      done += 1;
      await job.progress(done);
    }
  }

  /** Stores one server; a final fault (a value the database refuses) is its rejection, a retryable one is thrown. */
  private async storeServer(importId: string, server: CatalogServer): Promise<void> {
    try {
      await this.versions.storeServer(importId, server, now());
    } catch (error) {
      if (jobFault(error).retryable) throw error;
      // A redelivery replaces the rejections and tries the server again, which records this once more.
      await this.imports.addRejections(importId, [serverFailed(server.name, error)], now());
    }
  }
}

/** A final error naming the sources that failed, with the first one's code. */
function sourcesFailed(errors: readonly SourceError[]): BusError {
  const code = errors.map((error) => error.code).find(isErrorCode) ?? 'CATALOG_SOURCE_INVALID';
  return new BusError(code, `${errors.length} source(s) failed: ${errors.map((error) => error.source).join(', ')}`, { retryable: false });
}
