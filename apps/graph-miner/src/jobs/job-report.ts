import { type GraphJobReport, GraphJobReportSchema } from '@astra/contracts';
import type { GraphJobEntity } from '@astra/persistence/graph-miner';

/** The report of a job that no delivery has picked up yet. */
export function pendingJobReport(jobId: string): GraphJobReport {
  return { jobId, status: 'pending', progress: { done: 0, total: 0 }, attempts: 0 };
}

/** The report of a stored job; the stored result is checked against the contract, not trusted. */
export function composeJobReport(job: GraphJobEntity): GraphJobReport {
  return GraphJobReportSchema.parse({
    jobId: job.jobId,
    kind: job.kind,
    status: job.status,
    progress: { done: job.done, total: job.total },
    attempts: job.attempts,
    startedAt: job.startedAt,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    ...(job.error ? { error: job.error } : {}),
    ...(job.status === 'completed' && job.result ? (JSON.parse(job.result) as object) : {}),
  });
}
