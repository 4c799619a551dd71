import { BusError, type CatalogSource } from '@astra/contracts';
import type { CatalogRejection } from '@astra/domain/catalog';
import { mapConcurrent } from '@astra/platform/jobs';
import { FileSourceReader, type SourceRead } from './file-source.reader';
import { McpSourceReader } from './mcp-source.reader';

/** A source that could not be read, as recorded in the import report. */
export interface SourceFailure {
  readonly source: string;
  readonly code: string;
  readonly message: string;
}

export interface SourcesRead extends SourceRead {
  readonly errors: SourceFailure[];
}

/** The name a source goes by in reports: the MCP server name or the file name. */
export function sourceLabel(source: CatalogSource): string {
  return source.type === 'mcp-stdio' || source.type === 'mcp-http' ? source.name : source.filename;
}

/** Reads every kind of catalog source; one failing source is recorded and the others still import. */
export class CatalogSourceReader {
  constructor(
    private readonly files: FileSourceReader,
    private readonly mcp: McpSourceReader,
    private readonly concurrency: number,
  ) {}

  async read(source: CatalogSource): Promise<SourceRead> {
    if (source.type === 'mcp-stdio' || source.type === 'mcp-http') return { servers: [await this.mcp.read(source)], rejections: [] };
    return this.files.read(source);
  }

  /**
   * Reads all sources, a few at a time, keeping their order. Retryable faults (the artifact store unreachable)
   * are thrown so the command is redelivered; anything else becomes an error and a `source_failed` rejection.
   */
  async readAll(sources: readonly CatalogSource[]): Promise<SourcesRead> {
    const results = await mapConcurrent(sources, this.concurrency, async (source): Promise<SourceRead | SourceFailure> => {
      try {
        return await this.read(source);
      } catch (error) {
        const busError = BusError.from(error);
        if (busError.retryable && busError.code !== 'INTERNAL') throw busError;
        return { source: sourceLabel(source), code: busError.code, message: busError.message };
      }
    });
    const servers = results.flatMap((r) => ('servers' in r ? r.servers : []));
    const errors = results.filter((r): r is SourceFailure => !('servers' in r));
    const rejections: CatalogRejection[] = results.flatMap((r) =>
      'servers' in r ? r.rejections : [{ server: r.source, reason: 'source_failed' as const, detail: r.message }],
    );
    return { servers, rejections, errors };
  }
}
