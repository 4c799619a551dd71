import type { StepMetrics, TrainingJobSummary } from '@astra/contracts';
import type { TrainingJobEntity } from '@astra/persistence/trainer-gateway';

/** The listing line of a stored job. */
export function toSummary(row: TrainingJobEntity, last: StepMetrics | undefined): TrainingJobSummary {
  return {
    id: row.jobId,
    kind: row.kind,
    backend: row.backend,
    status: row.status,
    step: row.step,
    totalSteps: row.totalSteps,
    ...(last ? { last } : {}),
    createdAt: row.createdAt,
    ...(row.finishedAt ? { finishedAt: row.finishedAt } : {}),
  };
}

/** The steps a job of this request runs (an evaluation is one). */
export function totalStepsOf(row: Pick<TrainingJobEntity, 'request'>): number {
  const request = row.request;
  return request.kind === 'eval' ? 1 : request.hyperparameters.steps;
}
