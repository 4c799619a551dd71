import { Injectable } from '@nestjs/common';
import { Traced } from '@astra/platform/telemetry';
import type { ImportReport } from '@astra/contracts';
import { CatalogImportRepository } from '@astra/persistence/graph-miner';
import { readImportReport } from './import-report';

/** The progress and report of one import, read from the database. */
@Injectable()
export class GetImportStatusUseCase {
  constructor(private readonly imports: CatalogImportRepository) {}

  @Traced()
  async execute(importId: string): Promise<ImportReport> {
    return readImportReport(this.imports, importId);
  }
}
