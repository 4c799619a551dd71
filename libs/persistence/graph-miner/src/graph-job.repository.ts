import { BusError } from '@astra/contracts';
import type { JobOutcome, JobProgress, JobRecord, JobStore, JobTable, StoredJob } from '@astra/platform/jobs';
import type { DataSource } from 'typeorm';
import { GraphJobEntity } from './entities/graph-job.entity';

/** Graph builds and chain verifications: one row per job id; the job runner reaches them through `storeOf`. */
export class GraphJobRepository implements JobTable {
  constructor(private readonly dataSource: DataSource) {}

  /** The job of any kind (the status RPC decodes its result by kind). */
  async find(jobId: string): Promise<StoredJob | null> {
    const row = await this.dataSource.getRepository(GraphJobEntity).findOneBy({ jobId });
    return row ? { kind: row.kind, record: toRecord(row, (stored) => stored) } : null;
  }

  /** The JobStore of one kind of job; `decode` checks a stored result against its contract. */
  storeOf<R>(kind: string, decode: (stored: unknown) => R): JobStore<object, R> {
    return {
      find: async (jobId) => {
        const row = await this.dataSource.getRepository(GraphJobEntity).findOneBy({ jobId });
        if (row && row.kind !== kind) throw new BusError('CONFLICT', `job ${jobId} is a ${row.kind} job, not a ${kind} job`);
        return row ? toRecord(row, decode) : null;
      },
      begin: async (jobId, request, now) => toRecord(await this.begin(jobId, kind, request, now), decode),
      setProgress: (jobId, progress, now) => this.setProgress(jobId, progress, now),
      finish: (jobId, outcome, now) => this.finish(jobId, outcome, now),
    };
  }

  /** Creates the job on first delivery, or counts one more attempt on a redelivery. */
  private async begin(jobId: string, kind: string, request: object, now: string): Promise<GraphJobEntity> {
    const repo = this.dataSource.getRepository(GraphJobEntity);
    const existing = await repo.findOneBy({ jobId });
    if (existing) {
      const attempts = existing.attempts + 1;
      await repo.update({ jobId }, { attempts, status: 'running', updatedAt: now });
      return { ...existing, attempts, status: 'running', updatedAt: now };
    }
    const job: GraphJobEntity = {
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
    await repo.createQueryBuilder().insert().into(GraphJobEntity).values(job).orIgnore().execute();
    return job;
  }

  private async setProgress(jobId: string, progress: JobProgress, now: string): Promise<void> {
    await this.dataSource.getRepository(GraphJobEntity).update({ jobId }, { done: progress.done, total: progress.total, updatedAt: now });
  }

  private async finish(jobId: string, outcome: JobOutcome<unknown>, now: string): Promise<void> {
    const fields = outcome.status === 'completed' ? { result: JSON.stringify(outcome.result), error: null } : { result: null, error: outcome.error };
    await this.dataSource.getRepository(GraphJobEntity).update({ jobId }, { ...fields, status: outcome.status, updatedAt: now, finishedAt: now });
  }
}

function toRecord<R>(row: GraphJobEntity, decode: (stored: unknown) => R): JobRecord<R> {
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
