import { Injectable } from '@nestjs/common';
import { Traced } from '@astra/platform/telemetry';
import type { ImportReport } from '@astra/contracts';
import { CatalogImportRepository } from '@astra/persistence/graph-miner';
import { composeReport, pendingReport } from './import-report';

/** The progress and report of one import, read from the database. */
@Injectable()
export class GetImportStatusUseCase {
  constructor(private readonly imports: CatalogImportRepository) {}

  @Traced()
  async execute(importId: string): Promise<ImportReport> {
    const run = await this.imports.findRun(importId);
    if (!run) return pendingReport(importId);
    const [items, rejections] = await Promise.all([this.imports.items(importId), this.imports.rejections(importId)]);
    return composeReport(run, items, rejections);
  }
}
