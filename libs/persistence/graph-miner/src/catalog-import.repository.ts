import { randomUUID } from 'node:crypto';
import type { CatalogRejection } from '@astra/domain/catalog';
import { runInTransaction } from '@astra/platform/database';
import type { DataSource } from 'typeorm';
import { CatalogImportItemEntity } from './entities/catalog-import-item.entity';
import { CatalogImportRunEntity, type ImportRunStatus } from './entities/catalog-import-run.entity';
import { CatalogRejectionEntity } from './entities/catalog-rejection.entity';

export type SourceError = CatalogImportRunEntity['errors'][number];

/** Import runs, their per-server items and their rejections. */
export class CatalogImportRepository {
  constructor(private readonly dataSource: DataSource) {}

  findRun(importId: string): Promise<CatalogImportRunEntity | null> {
    return this.dataSource.getRepository(CatalogImportRunEntity).findOneBy({ importId });
  }

  /** Creates the run on first delivery, or counts one more attempt on a redelivery. */
  async beginRun(importId: string, sourcesTotal: number, now: string): Promise<CatalogImportRunEntity> {
    const repo = this.dataSource.getRepository(CatalogImportRunEntity);
    const existing = await repo.findOneBy({ importId });
    if (existing) {
      await repo.update({ importId }, { attempts: existing.attempts + 1, status: 'running', updatedAt: now });
      return { ...existing, attempts: existing.attempts + 1, status: 'running', updatedAt: now };
    }
    const run: CatalogImportRunEntity = {
      importId,
      status: 'running',
      sourcesTotal,
      serversTotal: 0,
      serversDone: 0,
      attempts: 1,
      errors: [],
      startedAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    // A concurrent first delivery may have inserted it meanwhile; orIgnore keeps this idempotent.
    await repo.createQueryBuilder().insert().into(CatalogImportRunEntity).values(run).orIgnore().execute();
    return run;
  }

  async setProgress(importId: string, progress: { serversTotal?: number; serversDone?: number; errors?: SourceError[] }, now: string): Promise<void> {
    await this.dataSource.getRepository(CatalogImportRunEntity).update({ importId }, { ...progress, updatedAt: now });
  }

  async finishRun(importId: string, status: Extract<ImportRunStatus, 'completed' | 'failed'>, now: string): Promise<void> {
    await this.dataSource.getRepository(CatalogImportRunEntity).update({ importId }, { status, updatedAt: now, finishedAt: now });
  }

  items(importId: string): Promise<CatalogImportItemEntity[]> {
    return this.dataSource.getRepository(CatalogImportItemEntity).find({ where: { importId }, order: { createdAt: 'ASC', serverName: 'ASC' } });
  }

  /** Replaces the rejections of an import: a redelivery recomputes them from the same sources. */
  async replaceRejections(importId: string, rejections: readonly CatalogRejection[], now: string): Promise<void> {
    await runInTransaction(this.dataSource, async (manager) => {
      await manager.delete(CatalogRejectionEntity, { importId });
      const rows = rejections.map((rejection, position) => ({
        id: randomUUID(),
        importId,
        position,
        server: rejection.server,
        tool: rejection.tool ?? null,
        reason: rejection.reason,
        detail: rejection.detail,
        line: rejection.line ?? null,
        createdAt: now,
      }));
      // Chunks keep SQLite under its bound-parameter limit.
      for (let i = 0; i < rows.length; i += 50) await manager.insert(CatalogRejectionEntity, rows.slice(i, i + 50));
    });
  }

  async rejections(importId: string): Promise<CatalogRejection[]> {
    const rows = await this.dataSource.getRepository(CatalogRejectionEntity).find({ where: { importId }, order: { position: 'ASC' } });
    return rows.map((row) => ({
      server: row.server,
      reason: row.reason as CatalogRejection['reason'],
      detail: row.detail,
      ...(row.tool === null ? {} : { tool: row.tool }),
      ...(row.line === null ? {} : { line: row.line }),
    }));
  }
}
