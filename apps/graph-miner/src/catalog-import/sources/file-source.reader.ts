import { basename, extname } from 'node:path';
import { BusError, type CatalogSource } from '@astra/contracts';
import { mapOpenAiToolsFile, readAstraJsonl, type CatalogRejection, type RawServer } from '@astra/domain/catalog';
import type { ArtifactStore } from '@astra/platform/bus';

export type FileSource = Extract<CatalogSource, { type: 'astra-jsonl' | 'openai-tools' }>;

export interface SourceRead {
  readonly servers: RawServer[];
  readonly rejections: CatalogRejection[];
}

/** Reads catalog files that the CLI uploaded to the artifact store. */
export class FileSourceReader {
  constructor(private readonly artifacts: ArtifactStore) {}

  async read(source: FileSource): Promise<SourceRead> {
    const text = await this.fetch(source);
    if (source.type === 'astra-jsonl') return readAstraJsonl(text, source.filename);
    let document: unknown;
    try {
      document = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      throw new BusError('CATALOG_SOURCE_INVALID', `${source.filename} is not valid JSON: ${cause}`);
    }
    const server = source.server ?? basename(source.filename, extname(source.filename));
    try {
      return { servers: [mapOpenAiToolsFile(document, server)], rejections: [] };
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      throw new BusError('CATALOG_SOURCE_INVALID', `${source.filename}: ${cause}`);
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
