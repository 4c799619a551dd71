import { BusError, type TrainingJobRequest } from '@astra/contracts';
import { stringify } from 'yaml';
import { F1_REWARD_PY, SFT_LAUNCHER_PY, TO_PARQUET_PY, VERL_STEPS_PY } from './trainer-scripts';

// What a training pod runs, built from the job request alone (pure): the trainer's configuration as files for the
// job's ConfigMap, and run.sh, the container's command. SFT runs TRL's SFTTrainer; GRPO runs verl's main_ppo.

/** Where the ConfigMap is mounted in the pod. */
export const INPUT_DIR = '/astra/input';
/** The data file the gateway writes: SFT, TRL conversational rows; GRPO, GrpoTaskRow lines. */
export const TRAIN_DATA_FILE = 'train.jsonl';
/** Where the trainers write when the output URI is not a path (it is uploaded there afterwards). */
export const LOCAL_OUTPUT_DIR = '/astra/output';
/** The parquet file verl reads, converted from train.jsonl in the pod. */
const PARQUET = '/tmp/astra/train.parquet';
const MAX_PROMPT_TOKENS = 4096;

/** One GRPO task as the gateway writes it to train.jsonl (converted to verl's parquet rows in the pod). */
export interface GrpoTaskRow {
  readonly id: string;
  /** The episode's opening messages (system with the tools, user question) in OpenAI chat form. */
  readonly prompt: readonly { readonly role: string; readonly content: string }[];
  readonly subTasks: readonly { readonly answer: string; readonly tooled: boolean }[];
  readonly finalAnswer: string;
}

export interface TrainerSettings {
  readonly outputUri: string;
  readonly gpus: number;
  /** The verifier's SandboxFusion-compatible /run_code URL (verl's code tool). */
  readonly sandboxUrl: string;
}

/** The pod's files (besides the gateway's data) and command. */
export interface TrainerPlan {
  readonly files: Readonly<Record<string, string>>;
  readonly command: readonly string[];
}

type SftRequest = Extract<TrainingJobRequest, { kind: 'sft' }>;
type GrpoRequest = Extract<TrainingJobRequest, { kind: 'grpo' }>;

/** The plan of a job; eval jobs and models that are not a hub name are refused (they run on the local backend). */
export function buildTrainerPlan(request: TrainingJobRequest, settings: TrainerSettings): TrainerPlan {
  switch (request.kind) {
    case 'sft':
      return buildSftPlan(request, settings);
    case 'grpo':
      return buildGrpoPlan(request, settings);
    case 'eval':
      throw new BusError(
        'VALIDATION_FAILED',
        'eval jobs do not run on kubernetes: they run locally against the rollout broker (backend "local")',
      );
  }
}

/** The hub model a pod starts from. */
export function hubModelOf(request: TrainingJobRequest): string {
  if (request.model.kind === 'hub') return request.model.name;
  throw new BusError(
    'VALIDATION_FAILED',
    `kubernetes jobs start from a hub model (model.kind "hub"), not "${request.model.kind}": scratch models and stored checkpoints train on the local backend`,
  );
}

/** TRL's SFT configuration (the `trl sft` YAML keys) for a request. */
export function sftConfigFor(request: SftRequest, settings: TrainerSettings): Record<string, unknown> {
  const h = request.hyperparameters;
  return {
    model_name_or_path: hubModelOf(request),
    datasets: [{ path: 'json', data_files: `${INPUT_DIR}/${TRAIN_DATA_FILE}`, split: 'train' }],
    output_dir: localOutputDir(settings.outputUri),
    learning_rate: h.learningRate,
    max_steps: h.steps,
    num_train_epochs: h.epochs,
    warmup_steps: h.warmupSteps,
    // The request's batch is global: split over the pod's GPUs (data parallel).
    per_device_train_batch_size: Math.max(1, Math.floor(h.batchSize / Math.max(1, settings.gpus))),
    seed: request.seed,
    assistant_only_loss: true,
    logging_steps: 1,
    save_strategy: 'steps',
    save_steps: request.checkpointEvery,
    report_to: 'none',
    bf16: settings.gpus > 0,
  };
}

function buildSftPlan(request: SftRequest, settings: TrainerSettings): TrainerPlan {
  const run = `python3 ${INPUT_DIR}/astra_sft.py ${INPUT_DIR}/sft.yaml`;
  return {
    files: {
      'sft.yaml': stringify(sftConfigFor(request, settings)),
      'astra_sft.py': SFT_LAUNCHER_PY,
      'run.sh': runScript([run], settings),
    },
    command: ['bash', `${INPUT_DIR}/run.sh`],
  };
}

/** verl's main_ppo overrides (Hydra `key=value`; `++` where a key may be missing from older verl versions). */
export function verlOverridesFor(request: GrpoRequest, settings: TrainerSettings): string[] {
  const h = request.hyperparameters;
  const r = h.rollouts;
  const values: [string, string | number | boolean][] = [
    ['algorithm.adv_estimator', 'grpo'],
    ['algorithm.use_kl_in_reward', false],
    ['algorithm.kl_ctrl.kl_coef', 0],
    ['data.train_files', PARQUET],
    ['data.val_files', PARQUET],
    ['data.train_batch_size', r.batchSize],
    // Prompts carry the system message with the tools; overlong ones are dropped rather than truncated mid-schema.
    ['data.max_prompt_length', MAX_PROMPT_TOKENS],
    ['data.filter_overlong_prompts', true],
    ['data.max_response_length', Math.min(r.limits.maxTokens, 8192)],
    ['data.return_raw_chat', true],
    ['++data.seed', request.seed],
    ['actor_rollout_ref.model.path', hubModelOf(request)],
    ['actor_rollout_ref.actor.optim.lr', h.learningRate],
    // One update per batch, as in the paper: the mini-batch is the whole batch, one epoch.
    ['actor_rollout_ref.actor.ppo_mini_batch_size', r.batchSize],
    ['actor_rollout_ref.actor.ppo_epochs', 1],
    ['actor_rollout_ref.actor.use_kl_loss', false],
    ['actor_rollout_ref.actor.kl_loss_coef', 0],
    ['actor_rollout_ref.actor.entropy_coeff', 0],
    ['actor_rollout_ref.actor.clip_ratio_low', h.clipLow],
    ['actor_rollout_ref.actor.clip_ratio_high', h.clipHigh],
    ['actor_rollout_ref.actor.loss_agg_mode', 'token-mean'],
    // verl checks that micro-batches are set; 1 sequence per GPU keeps memory predictable on any model size.
    ['actor_rollout_ref.actor.ppo_micro_batch_size_per_gpu', 1],
    ['actor_rollout_ref.rollout.log_prob_micro_batch_size_per_gpu', 1],
    ['actor_rollout_ref.rollout.name', 'sglang'],
    // Multi-turn tool calls run in verl's agent loop (rows name agent "tool_agent"), which needs async rollouts.
    ['actor_rollout_ref.rollout.mode', 'async'],
    ['actor_rollout_ref.rollout.tensor_model_parallel_size', 1],
    ['actor_rollout_ref.rollout.n', r.groupSize],
    ['actor_rollout_ref.rollout.temperature', r.sampling.temperature ?? 1],
    ['actor_rollout_ref.rollout.multi_turn.enable', true],
    ['actor_rollout_ref.rollout.multi_turn.max_assistant_turns', r.limits.maxTurns],
    ['actor_rollout_ref.rollout.multi_turn.tool_config_path', `${INPUT_DIR}/tool_config.yaml`],
    ['custom_reward_function.path', `${INPUT_DIR}/astra_reward.py`],
    ['custom_reward_function.name', 'compute_score'],
    ['trainer.total_training_steps', h.steps],
    ['trainer.save_freq', request.checkpointEvery],
    ['trainer.test_freq', -1],
    ['trainer.val_before_train', false],
    ['trainer.default_local_dir', localOutputDir(settings.outputUri)],
    ['trainer.n_gpus_per_node', Math.max(1, settings.gpus)],
    ['trainer.nnodes', 1],
    ['trainer.logger', '[console]'],
    ['trainer.project_name', 'astra'],
    ['trainer.experiment_name', request.jobId.replace(/[^A-Za-z0-9._-]/g, '_')],
  ];
  return values.map(([key, value]) => `${key}=${typeof value === 'boolean' ? (value ? 'True' : 'False') : value}`);
}

/** verl's tool config: its SandboxFusion tool (a code interpreter) calling the verifier's /run_code. */
export function verlToolConfigFor(request: GrpoRequest, settings: TrainerSettings): Record<string, unknown> {
  const limits = request.hyperparameters.rollouts.limits;
  return {
    tools: [
      {
        class_name: 'verl.tools.sandbox_fusion_tools.SandboxFusionTool',
        config: {
          sandbox_fusion_url: settings.sandboxUrl,
          num_workers: 10,
          rate_limit: 10,
          default_timeout: Math.ceil(limits.toolTimeMs / 1000),
          default_language: 'python',
          type: 'native',
        },
        tool_schema: {
          type: 'function',
          function: {
            name: 'code_interpreter',
            description: 'Runs Python code in a sandbox and returns its output.',
            parameters: {
              type: 'object',
              properties: { code: { type: 'string', description: 'The Python code to run.' } },
              required: ['code'],
            },
          },
        },
      },
    ],
  };
}

function buildGrpoPlan(request: GrpoRequest, settings: TrainerSettings): TrainerPlan {
  const lines = [
    'mkdir -p /tmp/astra',
    `python3 ${INPUT_DIR}/to_parquet.py ${INPUT_DIR}/${TRAIN_DATA_FILE} ${PARQUET}`,
    `mapfile -t overrides < ${INPUT_DIR}/verl-overrides.txt`,
    `python3 -m verl.trainer.main_ppo "\${overrides[@]}" 2>&1 | python3 -u ${INPUT_DIR}/astra_verl_steps.py`,
  ];
  return {
    files: {
      'verl-overrides.txt': `${verlOverridesFor(request, settings).join('\n')}\n`,
      'tool_config.yaml': stringify(verlToolConfigFor(request, settings)),
      'astra_reward.py': F1_REWARD_PY,
      'to_parquet.py': TO_PARQUET_PY,
      'astra_verl_steps.py': VERL_STEPS_PY,
      'run.sh': runScript(lines, settings),
    },
    command: ['bash', `${INPUT_DIR}/run.sh`],
  };
}

/** A path output URI is written in place; any other (s3://) is written locally and uploaded with the AWS CLI. */
function localOutputDir(outputUri: string): string {
  return outputUri.startsWith('/') ? outputUri : LOCAL_OUTPUT_DIR;
}

function runScript(lines: readonly string[], settings: TrainerSettings): string {
  const upload = settings.outputUri.startsWith('/') ? [] : [`aws s3 cp --recursive ${LOCAL_OUTPUT_DIR} ${shellQuote(settings.outputUri)}`];
  return ['#!/bin/bash', 'set -euo pipefail', ...lines, ...upload, ''].join('\n');
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
