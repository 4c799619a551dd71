import { Injectable } from '@nestjs/common';
import type { ImportReport, PayloadOf, Registry, ResponseOf } from '@astra/contracts';
import { HandleMessage, type MessageContext } from '@astra/platform/bus';
import { GetImportStatusUseCase } from './get-import-status.use-case';
import { ImportCatalogUseCase } from './import-catalog.use-case';
import { ListImportEntriesUseCase } from './list-import-entries.use-case';

/** Maps the catalog import messages to their use cases. */
@Injectable()
export class ImportCatalogHandler {
  constructor(
    private readonly importCatalog: ImportCatalogUseCase,
    private readonly getStatus: GetImportStatusUseCase,
    private readonly listEntries: ListImportEntriesUseCase,
  ) {}

  @HandleMessage('catalog.import.requested')
  async onImportRequested(payload: PayloadOf<Registry, 'catalog.import.requested'>, ctx: MessageContext): Promise<void> {
    await this.importCatalog.execute(payload, ctx);
  }

  @HandleMessage('catalog.import.status')
  async onStatus(payload: PayloadOf<Registry, 'catalog.import.status'>, _ctx: MessageContext): Promise<ImportReport> {
    return this.getStatus.execute(payload.importId);
  }

  @HandleMessage('catalog.import.entries')
  async onEntries(
    payload: PayloadOf<Registry, 'catalog.import.entries'>,
    _ctx: MessageContext,
  ): Promise<ResponseOf<Registry, 'catalog.import.entries'>> {
    return this.listEntries.execute(payload);
  }
}
