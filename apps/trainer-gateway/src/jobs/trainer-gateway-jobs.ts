import { Injectable } from '@nestjs/common';
import {
  type EvalResult,
  EvalResultSchema,
  type TrainerGatewayJobKind,
  type TrainingJobSummary,
  TrainingJobSummarySchema,
} from '@astra/contracts';
import { TrainerGatewayJobRepository } from '@astra/persistence/trainer-gateway';
import { JobKinds, JobRunner, type ResultDecoders } from '@astra/platform/jobs';
import { z } from 'zod';

/** What a training job's delivery stores as its result: the job as it ended, its last checkpoint, an evaluation's figures. */
export interface TrainingJobResult {
  training: TrainingJobSummary;
  checkpointId?: string;
  eval?: EvalResult;
}

/** What each kind of trainer-gateway job produces (one per TrainerGatewayJobKindSchema entry): stored as its result, spread into its report. */
export type TrainerGatewayJobResults = {
  sft: TrainingJobResult;
  grpo: TrainingJobResult;
  eval: TrainingJobResult;
};

const TrainingJobResultSchema = z.object({
  training: TrainingJobSummarySchema,
  checkpointId: z.string().optional(),
  eval: EvalResultSchema.optional(),
});

// Checks a stored result against its contract instead of trusting the database; a kind without a decoder does not compile.
const DECODERS: ResultDecoders<TrainerGatewayJobResults> & Record<TrainerGatewayJobKind, unknown> = {
  sft: TrainingJobResultSchema,
  grpo: TrainingJobResultSchema,
  eval: TrainingJobResultSchema,
};

/** trainer-gateway's durable jobs: the platform job runner over the trainer_gateway_jobs table. */
@Injectable()
export class TrainerGatewayJobs extends JobKinds<TrainerGatewayJobResults> {
  constructor(runner: JobRunner, jobs: TrainerGatewayJobRepository) {
    super(runner, jobs, DECODERS);
  }
}
