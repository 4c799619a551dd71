import { BusError, type CatalogSource } from '@astra/contracts';
import { readCatalogFile, type CatalogRejection, type RawServer } from '@astra/domain/catalog';
import type { ArtifactStore } from '@astra/platform/bus';

export type FileSource = Extract<CatalogSource, { type: 'astra-jsonl' | 'openai-tools' }>;

export interface SourceRead {
  readonly servers: RawServer[];
  readonly rejections: CatalogRejection[];
}

/** Reads catalog files that the CLI uploaded to the artifact store. */
export class FileSourceReader {
  constructor(private readonly artifacts: ArtifactStore) {}

  /** Reads the file by its shape, whatever its type or extension says; `server` names a file that carries no name. */
  async read(source: FileSource): Promise<SourceRead> {
    const text = await this.fetch(source);
    try {
      const { servers, rejections } = readCatalogFile(text, source.filename, source.server === undefined ? {} : { server: source.server });
      return { servers, rejections };
    } catch (error) {
      throw new BusError('CATALOG_SOURCE_INVALID', error instanceof Error ? error.message : String(error));
    }
  }

  private async fetch(source: FileSource): Promise<string> {
    try {
      return await this.artifacts.getText(source.artifact);
    } catch (error) {
      const busError = BusError.from(error);
      // A store that is briefly unreachable is worth a redelivery; a missing or corrupt artifact is not.
      if (busError.retryable) throw busError;
      throw new BusError('CATALOG_SOURCE_INVALID', `${source.filename}: ${busError.message}`, { cause: error });
    }
  }
}
