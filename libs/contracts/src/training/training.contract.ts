import { z } from 'zod';
import { ArtifactRefSchema } from '../envelope';
import { JobIdSchema } from '../jobs/job-report.contract';
import { IdRefSchema } from '../messages/paging';
import {
  DistractorSettingsSchema,
  EnvironmentSetSchema,
  EpisodeLimitsSchema,
  PolicySamplingSchema,
  RewardKindSchema,
} from '../rollouts/episode.contract';

/** sft: supervised fine-tuning on accepted trajectories; grpo: online RL against the rollout broker; eval: held-out measurement. */
export const TrainingKindSchema = z.enum(['sft', 'grpo', 'eval']);
export type TrainingKind = z.infer<typeof TrainingKindSchema>;

/** local: the gateway's Python worker on this machine; kubernetes: a Kubernetes Job on GPU pods (verl, TRL). */
export const TrainingBackendSchema = z.enum(['local', 'kubernetes']);
export type TrainingBackend = z.infer<typeof TrainingBackendSchema>;

/** The local worker's decoder-only transformer, trained from scratch (sizes suit 2 CPU cores by default). */
export const ScratchModelSchema = z.object({
  kind: z.literal('scratch'),
  width: z.number().int().min(16).max(4096).default(128),
  layers: z.number().int().min(1).max(64).default(3),
  heads: z.number().int().min(1).max(64).default(4),
  /** Context length in tokens. */
  context: z.number().int().min(64).max(32_768).default(512),
  /** Words seen fewer times than this in the data are spelled in characters by the tokenizer. */
  minWordCount: z.number().int().min(1).max(1000).default(2),
});

/** Where a job starts: a fresh model (local), a stored checkpoint, or a model by name (a Hugging Face id, kubernetes). */
export const ModelSourceSchema = z.discriminatedUnion('kind', [
  ScratchModelSchema,
  z.object({ kind: z.literal('checkpoint'), checkpointId: IdRefSchema }),
  z.object({ kind: z.literal('hub'), name: z.string().min(1).max(300) }),
]);
export type ModelSource = z.infer<typeof ModelSourceSchema>;
export type ModelSourceInput = z.input<typeof ModelSourceSchema>;

export const SftHyperparametersSchema = z.object({
  steps: z.number().int().min(1).max(1_000_000).default(300),
  batchSize: z.number().int().min(1).max(4096).default(16),
  learningRate: z.number().positive().max(1).default(1e-3),
  warmupSteps: z.number().int().min(0).max(100_000).default(20),
  /** Passes over the data at most (steps stop first when fewer). */
  epochs: z.number().int().min(1).max(10_000).default(1_000),
  /** Keep the assistant's reasoning_content in the rendered chat (off: small models learn the calls, not the prose). */
  includeReasoning: z.boolean().default(false),
});
export type SftHyperparameters = z.infer<typeof SftHyperparametersSchema>;

/** The rollouts of one RL step: the broker's batch request without job, policy and environments. */
export const RolloutSettingsSchema = z.object({
  groupSize: z.number().int().min(2).max(256).default(8),
  batchSize: z.number().int().min(1).max(4096).default(8),
  minRewardStd: z.number().min(0).max(1).default(0),
  maxGroups: z.number().int().min(1).max(1_000_000).optional(),
  reward: RewardKindSchema.default('f1'),
  limits: EpisodeLimitsSchema.default(EpisodeLimitsSchema.parse({})),
  distractors: DistractorSettingsSchema.default(DistractorSettingsSchema.parse({})),
  sampling: PolicySamplingSchema.default({ temperature: 1 }),
});
export type RolloutSettings = z.infer<typeof RolloutSettingsSchema>;

export const GrpoHyperparametersSchema = z.object({
  /** RL steps: one broker batch and one policy update each. */
  steps: z.number().int().min(1).max(100_000).default(20),
  learningRate: z.number().positive().max(1).default(1e-4),
  /** The clipped surrogate's ε (low and high bounds of the ratio). */
  clipLow: z.number().min(0).max(1).default(0.2),
  clipHigh: z.number().min(0).max(1).default(0.2),
  rollouts: RolloutSettingsSchema.default(RolloutSettingsSchema.parse({})),
});
export type GrpoHyperparameters = z.infer<typeof GrpoHyperparametersSchema>;

export const EvalSettingsSchema = z.object({
  /** Episodes per environment. */
  samples: z.number().int().min(1).max(64).default(1),
  limits: EpisodeLimitsSchema.default(EpisodeLimitsSchema.parse({})),
  distractors: DistractorSettingsSchema.default(DistractorSettingsSchema.parse({})),
  /** Greedy by default. */
  sampling: PolicySamplingSchema.default({ temperature: 0 }),
});
export type EvalSettings = z.infer<typeof EvalSettingsSchema>;

const commonJobFields = {
  jobId: JobIdSchema,
  model: ModelSourceSchema,
  backend: TrainingBackendSchema.default('local'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  /** Steps between two checkpoints (the last step always writes one). */
  checkpointEvery: z.number().int().min(1).max(1_000_000).default(50),
};

/** What `astra train sft|grpo|eval` submits: one durable training job. */
export const TrainingJobRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sft'),
    ...commonJobFields,
    /** trajectory-synth jobs whose accepted trajectories are the data (their export, train split; validation kept apart). */
    trajectoryJobs: z.array(IdRefSchema).min(1).max(64),
    hyperparameters: SftHyperparametersSchema.default(SftHyperparametersSchema.parse({})),
  }),
  z.object({
    kind: z.literal('grpo'),
    ...commonJobFields,
    environments: EnvironmentSetSchema,
    hyperparameters: GrpoHyperparametersSchema.default(GrpoHyperparametersSchema.parse({})),
  }),
  z.object({
    kind: z.literal('eval'),
    ...commonJobFields,
    environments: EnvironmentSetSchema,
    settings: EvalSettingsSchema.default(EvalSettingsSchema.parse({})),
  }),
]);
export type TrainingJobRequest = z.infer<typeof TrainingJobRequestSchema>;
export type TrainingJobRequestInput = z.input<typeof TrainingJobRequestSchema>;

/** Where a training job stands; `cancelled` when asked to stop (its worker or pods are gone). */
export const TrainingStatusSchema = z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']);
export type TrainingStatus = z.infer<typeof TrainingStatusSchema>;

/** One step's metrics (absent fields do not apply to the job's kind). Also exported as OpenTelemetry metrics. */
export const StepMetricsSchema = z.object({
  step: z.number().int().min(0),
  at: z.string(),
  loss: z.number().optional(),
  learningRate: z.number().optional(),
  tokensPerSecond: z.number().optional(),
  /** grpo: the step's batch. */
  rewardMean: z.number().optional(),
  rewardStd: z.number().optional(),
  validGroupRatio: z.number().optional(),
  callsPerEpisode: z.number().optional(),
  /** grpo: share of policy tokens whose ratio was clipped. */
  clipFraction: z.number().optional(),
  /** sft: loss on the validation split when measured at this step. */
  validationLoss: z.number().optional(),
});
export type StepMetrics = z.infer<typeof StepMetricsSchema>;

/** Where a checkpoint's weights are: an artifact (local), or a URI on the cluster's storage (kubernetes). */
export const CheckpointLocationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('artifact'), ref: ArtifactRefSchema }),
  z.object({ kind: z.literal('uri'), uri: z.string().min(1).max(2000) }),
]);

/** A saved policy with its lineage: the job and step that wrote it, the data it saw, the checkpoint it started from. */
export const CheckpointRecordSchema = z.object({
  /** 32 hex digits from (job, step). */
  id: z.string().regex(/^[0-9a-f]{32}$/),
  jobId: z.string(),
  kind: TrainingKindSchema,
  step: z.number().int().min(0),
  /** The policy version the policy server tags it with: `<jobId>@<step>`. */
  version: z.string(),
  parentId: z.string().nullable(),
  /** Content hashes of the data it was trained on (the SFT export, or the RL batches' group ids hashed). */
  dataHashes: z.array(z.string()),
  location: CheckpointLocationSchema,
  parameters: z.number().int().nonnegative(),
  createdAt: z.string(),
});
export type CheckpointRecord = z.infer<typeof CheckpointRecordSchema>;

/** What an evaluation measured on its environments (solved: the final answer contains the environment's answer). */
export const EvalResultSchema = z.object({
  checkpointId: z.string().nullable(),
  episodes: z.number().int(),
  failedInfrastructure: z.number().int(),
  rewardMean: z.number(),
  rewardStd: z.number(),
  solvedRate: z.number(),
  recallMean: z.number(),
  callsPerEpisode: z.number(),
  /** The broker batch that ran the episodes (its episodes stay listable). */
  rolloutJobId: z.string(),
});
export type EvalResult = z.infer<typeof EvalResultSchema>;

/** One line of `astra jobs ls`. */
export const TrainingJobSummarySchema = z.object({
  id: z.string(),
  kind: TrainingKindSchema,
  backend: TrainingBackendSchema,
  status: TrainingStatusSchema,
  step: z.number().int(),
  totalSteps: z.number().int(),
  /** The newest step's metrics. */
  last: StepMetricsSchema.optional(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
});
export type TrainingJobSummary = z.infer<typeof TrainingJobSummarySchema>;

/** A whole training job: its request, metrics per step, checkpoints, worker, result or reason. */
export const TrainingJobRecordSchema = TrainingJobSummarySchema.extend({
  request: TrainingJobRequestSchema,
  metrics: z.array(StepMetricsSchema),
  checkpoints: z.array(CheckpointRecordSchema),
  /** local: the worker process now (pid) and how often it was restarted from a checkpoint; kubernetes: the Job's name. */
  worker: z.object({ pid: z.number().int().optional(), restarts: z.number().int(), kubernetesJob: z.string().optional() }),
  /** grpo and eval: the policy server's address while the job runs. */
  policyUrl: z.string().optional(),
  eval: EvalResultSchema.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** The last lines the worker or pod logged (kubernetes: followed from the pod). */
  logTail: z.array(z.string()),
  startedAt: z.string().optional(),
});
export type TrainingJobRecord = z.infer<typeof TrainingJobRecordSchema>;
