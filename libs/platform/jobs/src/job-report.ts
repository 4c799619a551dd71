import type { JobFailure, JobProgress, JobRecord, JobStatus } from './job.types';

/**
 * A job as its status RPC reports it (the fields of jobReportFields in @astra/contracts): `kind` is absent and the
 * status `pending` while no delivery has begun it; a completed job's result fields are spread in.
 */
export type JobReport<K extends string, R> = {
  readonly jobId: string;
  readonly kind?: K;
  readonly status: JobStatus | 'pending';
  readonly progress: JobProgress;
  readonly attempts: number;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly error?: JobFailure;
} & Partial<R>;

/** The report of a job of `kind` as the runner returned it or its table holds it. */
export function toJobReport<K extends string, R extends object>(kind: K, job: JobRecord<R>): JobReport<K, R> {
  return {
    jobId: job.jobId,
    kind,
    status: job.status,
    progress: job.progress,
    attempts: job.attempts,
    startedAt: job.startedAt,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    ...(job.error ? { error: job.error } : {}),
    ...job.result,
  } as JobReport<K, R>;
}

/** The report of a job that no delivery has begun yet (its command is queued, or the id is unknown). */
export function pendingJobReport(jobId: string): JobReport<never, object> {
  return { jobId, status: 'pending', progress: { done: 0, total: 0 }, attempts: 0 };
}
