import { z } from 'zod';
import { JobIdSchema, jobReportFields } from '../jobs/job-report.contract';
import { defineCommand, defineEvent, defineRpc } from '../registry/message-definition';
import { STREAMS } from '../registry/streams';
import {
  EvalResultSchema,
  StepMetricsSchema,
  TrainingBackendSchema,
  TrainingJobRecordSchema,
  TrainingJobRequestSchema,
  TrainingJobSummarySchema,
  TrainingKindSchema,
  TrainingStatusSchema,
} from '../training/training.contract';
import { IdRefSchema, NextCursorSchema, pageRequest } from './paging';

/** The kinds of trainer-gateway's durable jobs (one entry of TrainerGatewayJobResults in apps/trainer-gateway/src/jobs/trainer-gateway-jobs.ts each). */
export const TrainerGatewayJobKindSchema = TrainingKindSchema;
export type TrainerGatewayJobKind = z.infer<typeof TrainerGatewayJobKindSchema>;

/** Progress and outcome of one trainer-gateway job; `kind` is absent while no delivery has picked the job up. */
export const TrainerGatewayJobReportSchema = z.object({
  ...jobReportFields,
  kind: TrainerGatewayJobKindSchema.optional(),
  /** The training job as stored: status (cancelled included), step, the newest metrics. */
  training: TrainingJobSummarySchema.optional(),
  /** eval: what it measured. */
  eval: EvalResultSchema.optional(),
  /** sft and grpo: the last checkpoint written. */
  checkpointId: z.string().optional(),
});
export type TrainerGatewayJobReport = z.infer<typeof TrainerGatewayJobReportSchema>;

/** A training job's step, as streamed while it runs. */
export const TrainingProgressSchema = z.object({
  jobId: z.string(),
  kind: TrainingKindSchema,
  status: TrainingStatusSchema,
  step: z.number().int(),
  totalSteps: z.number().int(),
  metrics: StepMetricsSchema.optional(),
});
export type TrainingProgress = z.infer<typeof TrainingProgressSchema>;

/** How a training job ended. */
export const TrainingFinishedSchema = z.object({
  jobId: z.string(),
  kind: TrainingKindSchema,
  status: z.enum(['completed', 'failed', 'cancelled']),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  checkpointId: z.string().optional(),
  eval: EvalResultSchema.optional(),
});
export type TrainingFinished = z.infer<typeof TrainingFinishedSchema>;

export const TRAINER_GATEWAY_MESSAGES = {
  'trainer-gateway.job.submitted': defineCommand({
    key: 'trainer-gateway.job.submitted',
    subject: 'astra.command.trainer-gateway.job.submitted.v1',
    stream: STREAMS.trainerGateway.name,
    producers: ['cli'],
    consumers: ['trainer-gateway'],
    description: 'Run one training job (sft, grpo or eval) on its backend; durable and resumable per jobId from its last checkpoint.',
    payload: TrainingJobRequestSchema,
  }),
  'trainer-gateway.job.progress': defineEvent({
    key: 'trainer-gateway.job.progress',
    subject: 'astra.event.trainer-gateway.job.progress.v1',
    stream: STREAMS.trainerGateway.name,
    producers: ['trainer-gateway'],
    consumers: [],
    description: 'A training job finished a step: its metrics (loss, reward mean and spread, valid-group ratio, tokens/s).',
    payload: TrainingProgressSchema,
  }),
  'trainer-gateway.job.finished': defineEvent({
    key: 'trainer-gateway.job.finished',
    subject: 'astra.event.trainer-gateway.job.finished.v1',
    stream: STREAMS.trainerGateway.name,
    producers: ['trainer-gateway'],
    consumers: [],
    description: 'A training job completed, failed (with its reason) or was cancelled.',
    payload: TrainingFinishedSchema,
  }),
  'trainer-gateway.job.cancel': defineRpc({
    key: 'trainer-gateway.job.cancel',
    subject: 'astra.rpc.trainer-gateway.job.cancel.v1',
    producers: ['cli'],
    consumers: ['trainer-gateway'],
    description: 'Stop a training job: its worker is stopped (or its pods deleted) and it ends cancelled; a finished job stays as it is.',
    payload: z.object({ jobId: IdRefSchema }),
    response: z.object({ jobId: z.string(), status: TrainingStatusSchema }),
  }),
  'trainer-gateway.job.list': defineRpc({
    key: 'trainer-gateway.job.list',
    subject: 'astra.rpc.trainer-gateway.job.list.v1',
    producers: ['cli'],
    consumers: ['trainer-gateway'],
    description: 'Training jobs, newest first, filtered by kind, status or backend; paged.',
    payload: z.object({
      kind: TrainingKindSchema.optional(),
      status: TrainingStatusSchema.optional(),
      backend: TrainingBackendSchema.optional(),
      ...pageRequest(50, 1000),
    }),
    response: z.object({ jobs: z.array(TrainingJobSummarySchema), nextCursor: NextCursorSchema }),
  }),
  'trainer-gateway.job.show': defineRpc({
    key: 'trainer-gateway.job.show',
    subject: 'astra.rpc.trainer-gateway.job.show.v1',
    producers: ['cli'],
    consumers: ['trainer-gateway'],
    description: 'One training job by id: request, metrics per step, checkpoints with lineage, worker, result or reason.',
    payload: z.object({ jobId: IdRefSchema }),
    response: z.object({ job: TrainingJobRecordSchema }),
  }),
  'trainer-gateway.job.status': defineRpc({
    key: 'trainer-gateway.job.status',
    subject: 'astra.rpc.trainer-gateway.job.status.v1',
    producers: ['cli'],
    consumers: ['trainer-gateway'],
    description: 'Progress and report of one trainer-gateway job of any kind.',
    payload: z.object({ jobId: JobIdSchema }),
    response: TrainerGatewayJobReportSchema,
  }),
} as const;

/** The message id of a training job's command, the same from every producer, so JetStream drops a repeat. */
export function trainingJobMessageId(jobId: string): string {
  return `training-job-${jobId}`;
}
