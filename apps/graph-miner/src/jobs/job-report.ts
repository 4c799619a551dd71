import { type BuiltGraph, BuiltGraphSchema, type ChainVerification, ChainVerificationSchema, type GraphJobKind, type GraphJobReport } from '@astra/contracts';
import type { JobRecord } from '@astra/platform/jobs';
import { z } from 'zod';

/** What each kind of graph job produces: stored as its result and spread into its report. */
export interface GraphJobResults {
  'graph-build': { graphs: BuiltGraph[] };
  'chains-verify': { verification: ChainVerification };
}

export type GraphJobResult<K extends GraphJobKind> = GraphJobResults[K];

const RESULT_SCHEMAS: { readonly [K in GraphJobKind]: z.ZodType<GraphJobResults[K]> } = {
  'graph-build': z.object({ graphs: z.array(BuiltGraphSchema) }),
  'chains-verify': z.object({ verification: ChainVerificationSchema }),
};

/** Checks a stored result of a `kind` job against its contract instead of trusting the database. */
export function decodeJobResult<K extends GraphJobKind>(kind: K, stored: unknown): GraphJobResult<K> {
  return RESULT_SCHEMAS[kind].parse(stored);
}

/** The report of a job that no delivery has picked up yet. */
export function pendingJobReport(jobId: string): GraphJobReport {
  return { jobId, status: 'pending', progress: { done: 0, total: 0 }, attempts: 0 };
}

/** The report of a job as the runner returned it or the database holds it. */
export function composeJobReport<K extends GraphJobKind>(kind: K, job: JobRecord<GraphJobResult<K>>): GraphJobReport {
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
  };
}
