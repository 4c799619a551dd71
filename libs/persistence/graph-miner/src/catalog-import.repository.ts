import { randomUUID } from 'node:crypto';
import type { CatalogRejection } from '@astra/domain/catalog';
import { runInTransaction } from '@astra/platform/database';
import type { JobOutcome, JobProgress, JobRecord, JobStore } from '@astra/platform/jobs';
import type { DataSource } from 'typeorm';
import { CatalogImportItemEntity } from './entities/catalog-import-item.entity';
import { CatalogImportRunEntity } from './entities/catalog-import-run.entity';
import { CatalogRejectionEntity } from './entities/catalog-rejection.entity';

export type SourceError = CatalogImportRunEntity['errors'][number];

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
    await this.dataSource.getRepository(CatalogImportRunEntity).update({ importId }, { serversDone: progress.done, serversTotal: progress.total, updatedAt: now });
  }

  async finish(importId: string, outcome: JobOutcome<void>, now: string): Promise<void> {
    const error = outcome.status === 'failed' ? outcome.error : null;
    await this.dataSource.getRepository(CatalogImportRunEntity).update({ importId }, { status: outcome.status, error, updatedAt: now, finishedAt: now });
  }

  /** The sources that could not be read (a redelivery reads them again and replaces them). */
  async setSourceErrors(importId: string, errors: SourceError[], now: string): Promise<void> {
    await this.dataSource.getRepository(CatalogImportRunEntity).update({ importId }, { errors, updatedAt: now });
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
