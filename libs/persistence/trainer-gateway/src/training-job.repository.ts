import type { TrainingBackend, TrainingKind, TrainingStatus } from '@astra/contracts';
import type { DataSource } from 'typeorm';
import { TrainingJobEntity } from './entities/training-job.entity';

/** Filters of a training job listing. */
export interface TrainingJobFilter {
  readonly kind?: TrainingKind;
  readonly status?: TrainingStatus;
  readonly backend?: TrainingBackend;
}

/** Where a newest-first listing resumes: after this creation time and job id. */
export interface TrainingJobPosition {
  readonly createdAt: string;
  readonly jobId: string;
}

/** The fields of a job a run changes as it goes. */
export type TrainingJobChanges = Partial<Omit<TrainingJobEntity, 'jobId' | 'request' | 'createdAt' | 'updatedAt'>>;

/** Storage of training jobs: one row per job id, created by the first delivery that begins it. */
export class TrainingJobRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the job unless it is stored already (a redelivery keeps the first row), and returns the stored row. */
  async createIfAbsent(row: TrainingJobEntity): Promise<TrainingJobEntity> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(TrainingJobEntity)
      .values(row as object)
      .orIgnore()
      .execute();
    const stored = await this.find(row.jobId);
    if (!stored) throw new Error(`training job ${row.jobId} was not stored`);
    return stored;
  }

  async find(jobId: string): Promise<TrainingJobEntity | null> {
    return this.repo().findOne({ where: { jobId } });
  }

  /** Applies `changes` and stamps the update time. */
  async update(jobId: string, changes: TrainingJobChanges, now: string): Promise<void> {
    await this.repo().update({ jobId }, { ...changes, updatedAt: now });
  }

  /** Flags a job that has not ended to stop; false when it has ended (or does not exist). */
  async requestCancel(jobId: string, now: string): Promise<boolean> {
    const result = await this.repo()
      .createQueryBuilder()
      .update(TrainingJobEntity)
      .set({ cancelRequested: 1, updatedAt: now })
      .where("job_id = :jobId AND status IN ('queued', 'running')", { jobId })
      .execute();
    return result.affected === 1;
  }

  async isCancelRequested(jobId: string): Promise<boolean> {
    const row = await this.repo().findOne({ where: { jobId }, select: { jobId: true, cancelRequested: true } });
    return row?.cancelRequested === 1;
  }

  /** Appends log lines, keeping the last `keep`. */
  async appendLog(jobId: string, lines: readonly string[], keep: number, now: string): Promise<void> {
    if (lines.length === 0) return;
    const row = await this.repo().findOne({ where: { jobId }, select: { jobId: true, logTail: true } });
    if (!row) return;
    await this.update(jobId, { logTail: [...row.logTail, ...lines].slice(-keep) }, now);
  }

  /** A page of jobs, newest first, after `after`. */
  async list(filter: TrainingJobFilter, after: TrainingJobPosition | undefined, limit: number): Promise<TrainingJobEntity[]> {
    const query = this.repo().createQueryBuilder('j');
    if (filter.kind) query.andWhere('j.kind = :kind', { kind: filter.kind });
    if (filter.status) query.andWhere('j.status = :status', { status: filter.status });
    if (filter.backend) query.andWhere('j.backend = :backend', { backend: filter.backend });
    if (after) {
      query.andWhere('(j.created_at < :at OR (j.created_at = :at AND j.job_id < :id))', { at: after.createdAt, id: after.jobId });
    }
    return query.orderBy('j.created_at', 'DESC').addOrderBy('j.job_id', 'DESC').limit(limit).getMany();
  }

  private repo() {
    return this.dataSource.getRepository(TrainingJobEntity);
  }
}
