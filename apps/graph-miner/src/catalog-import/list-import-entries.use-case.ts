import { Injectable } from '@nestjs/common';
import { BusError, type PayloadOf, type Registry, type ResponseOf } from '@astra/contracts';
import { CatalogImportRepository } from '@astra/persistence/graph-miner';
import { Traced } from '@astra/platform/telemetry';
import { z } from 'zod';
import { decodeCursor, encodeCursor, pageOf } from '@astra/platform/bus';
import { toImportedServer } from './import-report';

type EntriesQuery = PayloadOf<Registry, 'catalog.import.entries'>;
type Entries = ResponseOf<Registry, 'catalog.import.entries'>;

const ITEM_KEY = z.tuple([z.string(), z.string()]);
const POSITION_KEY = z.tuple([z.number().int()]);

/** One page of the servers, rejections or errors of an import, in the order its report lists them. */
@Injectable()
export class ListImportEntriesUseCase {
  constructor(private readonly imports: CatalogImportRepository) {}

  @Traced()
  async execute(query: EntriesQuery): Promise<Entries> {
    const run = await this.imports.findRun(query.importId);
    if (!run) throw new BusError('NOT_FOUND', `no import ${query.importId} has started`);
    if (query.part === 'servers') return this.servers(query);
    if (query.part === 'rejections') return this.rejections(query);
    // A run's source errors are one stored list (at most one per source): the cursor is an index into it.
    const start = query.cursor === undefined ? 0 : decodeCursor(query.cursor, POSITION_KEY)[0] + 1;
    const indexed = run.errors.slice(start, start + query.limit + 1).map((error, i) => ({ index: start + i, error }));
    const page = pageOf(indexed, query.limit, (row) => encodeCursor([row.index]));
    return { errors: page.items.map((row) => row.error), ...next(page.nextCursor) };
  }

  private async servers(query: EntriesQuery): Promise<Entries> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ITEM_KEY);
    const items = await this.imports.itemsPage(query.importId, after && { createdAt: after[0], serverName: after[1] }, query.limit + 1);
    const page = pageOf(items, query.limit, (item) => encodeCursor([item.createdAt, item.serverName]));
    return { servers: page.items.map(toImportedServer), ...next(page.nextCursor) };
  }

  private async rejections(query: EntriesQuery): Promise<Entries> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, POSITION_KEY)[0];
    const rows = await this.imports.rejectionsPage(query.importId, after, query.limit + 1);
    const page = pageOf(rows, query.limit, (row) => encodeCursor([row.position]));
    return { rejections: page.items.map((row) => row.rejection), ...next(page.nextCursor) };
  }
}

function next(cursor: string | undefined): { nextCursor?: string } {
  return cursor === undefined ? {} : { nextCursor: cursor };
}
