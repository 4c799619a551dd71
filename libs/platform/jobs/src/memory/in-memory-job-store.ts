import type { JobOutcome, JobProgress, JobRecord, JobStore } from '../job.types';

/** JobStore in memory for unit tests: keeps each job's record and every progress write in order. */
export class InMemoryJobStore<Q, R> implements JobStore<Q, R> {
  readonly records = new Map<string, JobRecord<R>>();
  readonly requests = new Map<string, Q>();
  /** Every progress write, in the order it was stored. */
  readonly progressWrites: JobProgress[] = [];

  async find(jobId: string): Promise<JobRecord<R> | null> {
    return this.records.get(jobId) ?? null;
  }

  async begin(jobId: string, request: Q, now: string): Promise<JobRecord<R>> {
    const existing = this.records.get(jobId);
    const record: JobRecord<R> = existing
      ? { ...existing, status: 'running', attempts: existing.attempts + 1 }
      : { jobId, status: 'running', progress: { done: 0, total: 0 }, attempts: 1, startedAt: now };
    this.records.set(jobId, record);
    if (!existing) this.requests.set(jobId, request);
    return record;
  }

  async setProgress(jobId: string, progress: JobProgress): Promise<void> {
    this.progressWrites.push(progress);
    const record = this.records.get(jobId);
    if (record) this.records.set(jobId, { ...record, progress });
  }

  async finish(jobId: string, outcome: JobOutcome<R>, now: string): Promise<void> {
    const record = this.records.get(jobId);
    if (!record) return;
    const ending = outcome.status === 'completed' ? { result: outcome.result } : { error: outcome.error };
    this.records.set(jobId, {
      jobId,
      status: outcome.status,
      progress: record.progress,
      attempts: record.attempts,
      startedAt: record.startedAt,
      finishedAt: now,
      ...ending,
    });
  }
}
