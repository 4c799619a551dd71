import type { DataSource } from 'typeorm';
import { GraphJobEntity } from './entities/graph-job.entity';

/** Graph builds and chain verifications: one row per job id. */
export class GraphJobRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(jobId: string): Promise<GraphJobEntity | null> {
    return this.dataSource.getRepository(GraphJobEntity).findOneBy({ jobId });
  }

  /** Creates the job on first delivery, or counts one more attempt on a redelivery. */
  async begin(jobId: string, kind: string, request: Record<string, unknown>, now: string): Promise<GraphJobEntity> {
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

  async setProgress(jobId: string, progress: { done: number; total?: number }, now: string): Promise<void> {
    await this.dataSource.getRepository(GraphJobEntity).update({ jobId }, { ...progress, updatedAt: now });
  }

  async finish(jobId: string, outcome: { status: 'completed'; result: Record<string, unknown> } | { status: 'failed'; error: { code: string; message: string } }, now: string): Promise<void> {
    const fields = outcome.status === 'completed' ? { status: outcome.status, result: JSON.stringify(outcome.result), error: null } : { status: outcome.status, result: null, error: outcome.error };
    await this.dataSource.getRepository(GraphJobEntity).update({ jobId }, { ...fields, updatedAt: now, finishedAt: now });
  }
}
