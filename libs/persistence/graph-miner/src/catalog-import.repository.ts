import { randomUUID } from 'node:crypto';
import type { CatalogRejection } from '@astra/domain/catalog';
import { runInTransaction } from '@astra/platform/database';
import type { JobOutcome, JobProgress, JobRecord, JobStore } from '@astra/platform/jobs';
import type { DataSource, EntityManager } from 'typeorm';
import { CatalogImportItemEntity } from './entities/catalog-import-item.entity';
import { CatalogImportRunEntity } from './entities/catalog-import-run.entity';
import { CatalogRejectionEntity } from './entities/catalog-rejection.entity';
import { NAME_COLUMN_CHARS, REPORT_TEXT_CHARS, reportText } from './storable-values';

export type SourceError = CatalogImportRunEntity['errors'][number];

/** What an import's items and rejections add up to, counted by the database. */
export interface ImportTotals {
  readonly serversImported: number;
  readonly toolsImported: number;
  readonly toolsNewVersions: number;
  readonly toolsUnchanged: number;
  readonly rejections: number;
  /** Rejections of servers with too few tools (servers seen but not kept). */
  readonly tooFewTools: number;
}

/** A stored rejection with its position in the import's report (the key to page on). */
export interface PositionedRejection {
  readonly position: number;
  readonly rejection: CatalogRejection;
}

/** What the job store needs of an import request. */
export interface ImportJobRequest {
  readonly sources: readonly unknown[];
}

/** Import runs, their per-server items and their rejections; the job runner reaches the runs as a JobStore. */
export class CatalogImportRepository implements JobStore<ImportJobRequest, void> {
  constructor(private readonly dataSource: DataSource) {}

  findRun(importId: string): Promise<CatalogImportRunEntity | null> {
    return this.dataSource.getRepository(CatalogImportRunEntity).findOneBy({ importId });
  }

  async find(importId: string): Promise<JobRecord<void> | null> {
    const run = await this.findRun(importId);
    return run ? toRecord(run) : null;
  }

  /** Creates the run on first delivery, or counts one more attempt on a redelivery. */
  async begin(importId: string, request: ImportJobRequest, now: string): Promise<JobRecord<void>> {
    const repo = this.dataSource.getRepository(CatalogImportRunEntity);
    const existing = await repo.findOneBy({ importId });
    if (existing) {
      await repo.update({ importId }, { attempts: existing.attempts + 1, status: 'running', updatedAt: now });
      return toRecord({ ...existing, attempts: existing.attempts + 1, status: 'running', updatedAt: now });
    }
    const run: CatalogImportRunEntity = {
      importId,
      status: 'running',
      sourcesTotal: request.sources.length,
      serversTotal: 0,
      serversDone: 0,
      attempts: 1,
      errors: [],
      error: null,
      startedAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    // A concurrent first delivery may have inserted it meanwhile; orIgnore keeps this idempotent.
    await repo.createQueryBuilder().insert().into(CatalogImportRunEntity).values(run).orIgnore().execute();
    return toRecord(run);
  }

  async setProgress(importId: string, progress: JobProgress, now: string): Promise<void> {
    await this.dataSource
      .getRepository(CatalogImportRunEntity)
      .update({ importId }, { serversDone: progress.done, serversTotal: progress.total, updatedAt: now });
  }

  async finish(importId: string, outcome: JobOutcome<void>, now: string): Promise<void> {
    const error = outcome.status === 'failed' ? outcome.error : null;
    await this.dataSource
      .getRepository(CatalogImportRunEntity)
      .update({ importId }, { status: outcome.status, error, updatedAt: now, finishedAt: now });
  }

  /** The sources that could not be read (a redelivery reads them again and replaces them). */
  async setSourceErrors(importId: string, errors: SourceError[], now: string): Promise<void> {
    const kept = errors.map((error) => ({
      source: reportText(error.source, NAME_COLUMN_CHARS),
      code: error.code,
      message: reportText(error.message, REPORT_TEXT_CHARS),
    }));
    await this.dataSource.getRepository(CatalogImportRunEntity).update({ importId }, { errors: kept, updatedAt: now });
  }

  items(importId: string): Promise<CatalogImportItemEntity[]> {
    return this.dataSource
      .getRepository(CatalogImportItemEntity)
      .find({ where: { importId }, order: { createdAt: 'ASC', serverName: 'ASC' } });
  }

  /** Replaces the rejections of an import: a redelivery recomputes them from the same sources. */
  async replaceRejections(importId: string, rejections: readonly CatalogRejection[], now: string): Promise<void> {
    await runInTransaction(this.dataSource, async (manager) => {
      await manager.delete(CatalogRejectionEntity, { importId });
      await insertRejections(manager, importId, 0, rejections, now);
    });
  }

  /** Appends rejections found while storing (a server the database could not hold) after those already recorded. */
  async addRejections(importId: string, rejections: readonly CatalogRejection[], now: string): Promise<void> {
    await runInTransaction(this.dataSource, async (manager) => {
      const last = await manager
        .createQueryBuilder(CatalogRejectionEntity, 'r')
        .select('MAX(r.position)', 'max')
        .where('r.import_id = :importId', { importId })
        .getRawOne<{ max: number | string | null }>();
      const start = last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1;
      await insertRejections(manager, importId, start, rejections, now);
    });
  }

  async rejections(importId: string): Promise<CatalogRejection[]> {
    const rows = await this.dataSource.getRepository(CatalogRejectionEntity).find({ where: { importId }, order: { position: 'ASC' } });
    return rows.map(toRejection);
  }

  /** Up to `take` rejections after `afterPosition` (from the first when undefined), in report order. */
  async rejectionsPage(importId: string, afterPosition: number | undefined, take: number): Promise<PositionedRejection[]> {
    const query = this.dataSource
      .getRepository(CatalogRejectionEntity)
      .createQueryBuilder('r')
      .where('r.import_id = :importId', { importId });
    if (afterPosition !== undefined) query.andWhere('r.position > :afterPosition', { afterPosition });
    const rows = await query.orderBy('r.position', 'ASC').limit(take).getMany();
    return rows.map((row) => ({ position: row.position, rejection: toRejection(row) }));
  }

  /** Up to `take` items after the given one (from the first when undefined), in the order they were stored. */
  itemsPage(
    importId: string,
    after: Pick<CatalogImportItemEntity, 'createdAt' | 'serverName'> | undefined,
    take: number,
  ): Promise<CatalogImportItemEntity[]> {
    const query = this.dataSource
      .getRepository(CatalogImportItemEntity)
      .createQueryBuilder('i')
      .where('i.import_id = :importId', { importId });
    if (after) {
      query.andWhere('(i.created_at > :createdAt OR (i.created_at = :createdAt AND i.server_name > :serverName))', {
        createdAt: after.createdAt,
        serverName: after.serverName,
      });
    }
    return query.orderBy('i.created_at', 'ASC').addOrderBy('i.server_name', 'ASC').limit(take).getMany();
  }

  /** The import's counts, summed by the database so a status poll reads no rows of a large import. */
  async totals(importId: string): Promise<ImportTotals> {
    const items = await this.dataSource
      .getRepository(CatalogImportItemEntity)
      .createQueryBuilder('i')
      .select('COUNT(*)', 'servers')
      .addSelect('COALESCE(SUM(i.tools_imported), 0)', 'imported')
      .addSelect('COALESCE(SUM(i.tools_new_versions), 0)', 'newVersions')
      .addSelect('COALESCE(SUM(i.tools_unchanged), 0)', 'unchanged')
      .where('i.import_id = :importId', { importId })
      .getRawOne<Record<'servers' | 'imported' | 'newVersions' | 'unchanged', string | number>>();
    const rejections = this.dataSource.getRepository(CatalogRejectionEntity);
    const [all, tooFewTools] = await Promise.all([
      rejections.countBy({ importId }),
      rejections.countBy({ importId, reason: 'too_few_tools' }),
    ]);
    return {
      serversImported: Number(items?.servers ?? 0),
      toolsImported: Number(items?.imported ?? 0),
      toolsNewVersions: Number(items?.newVersions ?? 0),
      toolsUnchanged: Number(items?.unchanged ?? 0),
      rejections: all,
      tooFewTools,
    };
  }
}

function toRejection(row: CatalogRejectionEntity): CatalogRejection {
  return {
    server: row.server,
    reason: row.reason as CatalogRejection['reason'],
    detail: row.detail,
    ...(row.tool === null ? {} : { tool: row.tool }),
    ...(row.line === null ? {} : { line: row.line }),
  };
}

/**
 * Inserts rejections from position `start` on. Names are cut to their column and texts cleaned (reportText): a
 * rejection is recorded even when what it names is what the database would refuse.
 */
async function insertRejections(
  manager: EntityManager,
  importId: string,
  start: number,
  rejections: readonly CatalogRejection[],
  now: string,
): Promise<void> {
  const rows = rejections.map((rejection, index) => ({
    id: randomUUID(),
    importId,
    position: start + index,
    server: reportText(rejection.server, NAME_COLUMN_CHARS),
    tool: rejection.tool === undefined ? null : reportText(rejection.tool, NAME_COLUMN_CHARS),
    reason: rejection.reason,
    detail: reportText(rejection.detail, REPORT_TEXT_CHARS),
    line: rejection.line ?? null,
    createdAt: now,
  }));
  // Chunks keep SQLite under its bound-parameter limit.
  for (let i = 0; i < rows.length; i += 50) await manager.insert(CatalogRejectionEntity, rows.slice(i, i + 50));
}

function toRecord(run: CatalogImportRunEntity): JobRecord<void> {
  return {
    jobId: run.importId,
    // 'pending' is never stored: a run exists once a delivery has begun it.
    status: run.status === 'pending' ? 'running' : run.status,
    progress: { done: run.serversDone, total: run.serversTotal },
    attempts: run.attempts,
    startedAt: run.startedAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    ...(run.error ? { error: run.error } : {}),
  };
}
