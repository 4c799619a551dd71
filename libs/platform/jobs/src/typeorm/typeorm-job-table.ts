import { BusError } from '@astra/contracts';
import type { DataSource, FindOptionsWhere, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { JobTable, StoredJob } from '../job-table';
import type { JobFailure, JobOutcome, JobProgress, JobRecord, JobStatus, JobStore } from '../job.types';

/**
 * The columns of a service's job table, as its entity (in libs/persistence/<service>) declares them: one row per job
 * id; the request and result as JSON text, times as ISO strings (types that mean the same on SQLite and PostgreSQL).
 */
export interface JobRow {
  jobId: string;
  kind: string;
  status: JobStatus;
  /** The command payload as JSON, as it was first delivered. */
  request: string;
  done: number;
  total: number;
  attempts: number;
  /** What the job produced, as JSON, once it completed. */
  result: string | null;
  error: JobFailure | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/**
 * JobTable over a TypeORM entity with the JobRow columns: a service's job repository extends it naming its entity.
 * Idempotent: a first delivery inserts the row (a concurrent one is ignored), a redelivery counts one more attempt.
 */
export class TypeOrmJobTable<E extends JobRow> implements JobTable {
  constructor(
    protected readonly dataSource: DataSource,
    private readonly entity: new () => E,
  ) {}

  /** The job of any kind (the status RPC decodes its result by kind). */
  async find(jobId: string): Promise<StoredJob | null> {
    const row = await this.rows().findOneBy(this.byId(jobId));
    return row ? { kind: row.kind, record: toRecord(row, (stored) => stored) } : null;
  }

  storeOf<R>(kind: string, decode: (stored: unknown) => R): JobStore<object, R> {
    return {
      find: async (jobId) => {
        const row = await this.rows().findOneBy(this.byId(jobId));
        if (row && row.kind !== kind) throw new BusError('CONFLICT', `job ${jobId} is a ${row.kind} job, not a ${kind} job`);
        return row ? toRecord(row, decode) : null;
      },
      begin: async (jobId, request, now) => toRecord(await this.begin(jobId, kind, request, now), decode),
      setProgress: (jobId, progress, now) => this.setProgress(jobId, progress, now),
      finish: (jobId, outcome, now) => this.finish(jobId, outcome, now),
    };
  }

  /** Creates the job on first delivery, or counts one more attempt on a redelivery. */
  private async begin(jobId: string, kind: string, request: object, now: string): Promise<JobRow> {
    const existing = await this.rows().findOneBy(this.byId(jobId));
    if (existing) {
      const attempts = existing.attempts + 1;
      await this.update(jobId, { attempts, status: 'running', updatedAt: now });
      return { ...existing, attempts, status: 'running', updatedAt: now };
    }
    const row: JobRow = {
      jobId,
      kind,
      status: 'running',
      request: JSON.stringify(request),
      done: 0,
      total: 0,
      attempts: 1,
      result: null,
      error: null,
      startedAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    // A concurrent first delivery may have inserted it meanwhile; orIgnore keeps this idempotent.
    await this.rows()
      .createQueryBuilder()
      .insert()
      .into(this.entity)
      .values(row as unknown as QueryDeepPartialEntity<E>)
      .orIgnore()
      .execute();
    return row;
  }

  private async setProgress(jobId: string, progress: JobProgress, now: string): Promise<void> {
    await this.update(jobId, { done: progress.done, total: progress.total, updatedAt: now });
  }

  private async finish(jobId: string, outcome: JobOutcome<unknown>, now: string): Promise<void> {
    const fields =
      outcome.status === 'completed' ? { result: JSON.stringify(outcome.result), error: null } : { result: null, error: outcome.error };
    await this.update(jobId, { ...fields, status: outcome.status, updatedAt: now, finishedAt: now });
  }

  private rows(): Repository<E> {
    return this.dataSource.getRepository(this.entity);
  }

  private byId(jobId: string): FindOptionsWhere<E> {
    return { jobId } as FindOptionsWhere<E>;
  }

  private async update(jobId: string, fields: Partial<JobRow>): Promise<void> {
    await this.rows().update(this.byId(jobId), fields as QueryDeepPartialEntity<E>);
  }
}

function toRecord<R>(row: JobRow, decode: (stored: unknown) => R): JobRecord<R> {
  return {
    jobId: row.jobId,
    status: row.status,
    progress: { done: row.done, total: row.total },
    attempts: row.attempts,
    startedAt: row.startedAt,
    ...(row.finishedAt ? { finishedAt: row.finishedAt } : {}),
    ...(row.status === 'completed' && row.result !== null ? { result: decode(JSON.parse(row.result)) } : {}),
    ...(row.status === 'failed' && row.error ? { error: row.error } : {}),
  };
}
