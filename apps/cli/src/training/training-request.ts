import {
  type EnvSplit,
  type ModelSourceInput,
  type TrainingBackend,
  type TrainingJobRequest,
  type TrainingJobRequestInput,
  TrainingJobRequestSchema,
} from '@astra/contracts';
import { UsageError } from '../cli-context';

/** The options every `astra train` command shares (jobOptions aside). */
export interface TrainCommonOptions {
  /** A checkpoint id, or a training job id whose last checkpoint the gateway takes. */
  from?: string;
  hubModel?: string;
  backend: TrainingBackend;
  seed?: number;
  checkpointEvery?: number;
}

/** The sizes of a model trained from scratch (sft only). */
export interface ScratchModelOptions {
  modelWidth?: number;
  layers?: number;
  heads?: number;
  context?: number;
  minWordCount?: number;
}

export interface SftOptions extends TrainCommonOptions, ScratchModelOptions {
  data: string[];
  steps?: number;
  batchSize?: number;
  lr?: number;
  warmup?: number;
  epochs?: number;
  includeReasoning?: boolean;
}

/** The environments of a grpo or eval job: one env-compiler job, one side of its split. */
export interface EnvironmentOptions {
  envJob: string;
  split: EnvSplit;
  envLimit?: number;
}

export interface GrpoOptions extends TrainCommonOptions, EnvironmentOptions {
  steps?: number;
  lr?: number;
  clipLow?: number;
  clipHigh?: number;
  groupSize?: number;
  batchSize?: number;
  minRewardStd?: number;
  maxGroups?: number;
  temperature?: number;
  maxTurns?: number;
  distractorsPerBand?: number;
}

export interface EvalOptions extends TrainCommonOptions, EnvironmentOptions {
  samples?: number;
  temperature?: number;
  maxTurns?: number;
  distractorsPerBand?: number;
}

/** Only the options given: the contract's defaults fill the rest, so the CLI does not repeat them. */
function given<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** `--from` → a checkpoint, `--hub-model` → a model by name, else a model from scratch with the size flags. */
export function modelSourceOf(o: TrainCommonOptions & ScratchModelOptions): ModelSourceInput {
  const sizes = given({ width: o.modelWidth, layers: o.layers, heads: o.heads, context: o.context, minWordCount: o.minWordCount });
  if (o.from !== undefined && o.hubModel !== undefined) throw new UsageError('name one starting model: --from or --hub-model');
  const start = o.from !== undefined ? '--from' : o.hubModel !== undefined ? '--hub-model' : undefined;
  if (start && Object.keys(sizes).length > 0)
    throw new UsageError(
      `--model-width, --layers, --heads, --context and --min-word-count size a model from scratch, not one given by ${start}`,
    );
  if (o.from !== undefined) return { kind: 'checkpoint', checkpointId: o.from };
  if (o.hubModel !== undefined) return { kind: 'hub', name: o.hubModel };
  return { kind: 'scratch', ...sizes };
}

function commonOf(jobId: string, o: TrainCommonOptions & ScratchModelOptions) {
  return { jobId, model: modelSourceOf(o), backend: o.backend, ...given({ seed: o.seed, checkpointEvery: o.checkpointEvery }) };
}

function environmentsOf(o: EnvironmentOptions): { jobId: string; split: EnvSplit; limit?: number } {
  return { jobId: o.envJob, split: o.split, ...given({ limit: o.envLimit }) };
}

/** An RL or evaluation job needs a model that exists: a checkpoint (local) or a hub model (kubernetes). */
function requireStartingModel(o: TrainCommonOptions, kind: 'a grpo' | 'an eval'): void {
  if (o.from === undefined && o.hubModel === undefined)
    throw new UsageError(`${kind} job starts from a model: --from <checkpoint or training job id> or --hub-model <name>`);
}

/** Checks a request against the contract; what it refuses is a usage error naming each option's field. */
export function checkedRequest(input: TrainingJobRequestInput): TrainingJobRequest {
  const parsed = TrainingJobRequestSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || 'request'}: ${issue.message}`);
  throw new UsageError(`the training request is not valid:\n${problems.join('\n')}`);
}

/** The request of `astra train sft`. */
export function sftRequestOf(jobId: string, o: SftOptions): TrainingJobRequest {
  if (o.data.length === 0) throw new UsageError('name the data: --data <trajectoryJobId...>');
  return checkedRequest({
    kind: 'sft',
    ...commonOf(jobId, o),
    trajectoryJobs: o.data,
    hyperparameters: given({
      steps: o.steps,
      batchSize: o.batchSize,
      learningRate: o.lr,
      warmupSteps: o.warmup,
      epochs: o.epochs,
      includeReasoning: o.includeReasoning,
    }),
  });
}

/** The request of `astra train grpo`. */
export function grpoRequestOf(jobId: string, o: GrpoOptions): TrainingJobRequest {
  requireStartingModel(o, 'a grpo');
  const rollouts = given({
    groupSize: o.groupSize,
    batchSize: o.batchSize,
    minRewardStd: o.minRewardStd,
    maxGroups: o.maxGroups,
    ...(o.maxTurns === undefined ? {} : { limits: { maxTurns: o.maxTurns } }),
    ...(o.temperature === undefined ? {} : { sampling: { temperature: o.temperature } }),
    ...(o.distractorsPerBand === undefined ? {} : { distractors: { perBand: o.distractorsPerBand } }),
  });
  return checkedRequest({
    kind: 'grpo',
    ...commonOf(jobId, o),
    environments: environmentsOf(o),
    hyperparameters: { ...given({ steps: o.steps, learningRate: o.lr, clipLow: o.clipLow, clipHigh: o.clipHigh }), rollouts },
  });
}

/** The request of `astra train eval`. */
export function evalRequestOf(jobId: string, o: EvalOptions): TrainingJobRequest {
  requireStartingModel(o, 'an eval');
  return checkedRequest({
    kind: 'eval',
    ...commonOf(jobId, o),
    environments: environmentsOf(o),
    settings: {
      ...given({ samples: o.samples }),
      ...(o.maxTurns === undefined ? {} : { limits: { maxTurns: o.maxTurns } }),
      ...(o.temperature === undefined ? {} : { sampling: { temperature: o.temperature } }),
      ...(o.distractorsPerBand === undefined ? {} : { distractors: { perBand: o.distractorsPerBand } }),
    },
  });
}
