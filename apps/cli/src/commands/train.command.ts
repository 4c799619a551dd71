import { randomUUID } from 'node:crypto';
import { type Command, Option } from 'commander';
import type { TrainingJobRequest } from '@astra/contracts';
import type { CliContext } from '../cli-context';
import { integer, numberIn, positiveInt } from '../command-arguments';
import { jobOptions } from '../jobs/job-command';
import { EVAL, GRPO, SCRATCH, SFT } from '../training/training-defaults';
import { type TrainJobOptions, submitTraining } from '../training/training-job';
import {
  type EvalOptions,
  type GrpoOptions,
  type SftOptions,
  evalRequestOf,
  grpoRequestOf,
  sftRequestOf,
} from '../training/training-request';

/** The options of every `astra train` command: the starting model, backend, seed, checkpoints, and jobOptions. */
function commonOptions(command: Command): Command {
  return jobOptions(
    command
      .option('--from <id>', 'start from this checkpoint, or from the last checkpoint of this training job')
      .option('--hub-model <name>', 'start from a model by name, e.g. a Hugging Face id (kubernetes backend)')
      .addOption(new Option('--backend <backend>', 'where the job runs').choices(['local', 'kubernetes']).default('local'))
      .option('--seed <n>', 'random seed (default 0)', integer)
      .option('--checkpoint-every <n>', 'steps between checkpoints; the last step always writes one (default 50)', positiveInt)
      .option('--no-wait', 'queue the job, print its id and return without following it'),
  );
}

/** The environments of an RL or evaluation job: one env-compiler job's split. */
function environmentOptions(command: Command, split: 'train' | 'held-out'): Command {
  return command
    .requiredOption('--env-job <jobId>', "an env-compiler synthesis job's environments")
    .addOption(new Option('--split <split>', 'which side of the job split').choices(['train', 'held-out']).default(split))
    .option('--env-limit <n>', 'only the first n environments of the split', positiveInt);
}

/** Fixes the job id first, so bad options are refused before anything connects or is queued. */
async function submit<O extends TrainJobOptions>(ctx: CliContext, o: O, requestOf: (jobId: string, o: O) => TrainingJobRequest) {
  const request = requestOf(o.jobId ?? randomUUID(), o);
  await submitTraining(ctx, o, request);
}

function registerSft(group: Command, ctx: CliContext): void {
  commonOptions(
    group
      .command('sft')
      .description('supervised fine-tuning on the accepted trajectories of trajectory-synth jobs (loss on assistant tokens only)')
      .requiredOption('--data <trajectoryJobIds...>', 'trajectory-synth job ids whose accepted trajectories are the data')
      .option('--model-width <n>', `from scratch: embedding width (default ${SCRATCH.width})`, positiveInt)
      .option('--layers <n>', `from scratch: transformer layers (default ${SCRATCH.layers})`, positiveInt)
      .option('--heads <n>', `from scratch: attention heads (default ${SCRATCH.heads})`, positiveInt)
      .option('--context <tokens>', `from scratch: context length (default ${SCRATCH.context})`, positiveInt)
      .option('--min-word-count <n>', `from scratch: rarer words are spelled in characters (default ${SCRATCH.minWordCount})`, positiveInt)
      .option('--steps <n>', `optimizer steps (default ${SFT.steps})`, positiveInt)
      .option('--batch-size <n>', `sequences per step (default ${SFT.batchSize})`, positiveInt)
      .option('--lr <rate>', `peak learning rate (default ${SFT.learningRate})`, numberIn(0, 1))
      .option('--warmup <steps>', `learning-rate warm-up steps (default ${SFT.warmupSteps})`, integer)
      .option('--epochs <n>', `passes over the data at most (default ${SFT.epochs})`, positiveInt)
      .option('--include-reasoning', "keep the assistant's reasoning in the rendered chats"),
  ).action((o: SftOptions & TrainJobOptions) => submit(ctx, o, sftRequestOf));
}

function registerGrpo(group: Command, ctx: CliContext): void {
  const r = GRPO.rollouts;
  commonOptions(
    environmentOptions(
      group.command('grpo').description('GRPO against the rollout broker: groups of episodes per step, one policy update per batch'),
      'train',
    )
      .option('--steps <n>', `RL steps, one broker batch each (default ${GRPO.steps})`, positiveInt)
      .option('--lr <rate>', `learning rate (default ${GRPO.learningRate})`, numberIn(0, 1))
      .option('--clip-low <eps>', `clipped surrogate: low ε (default ${GRPO.clipLow})`, numberIn(0, 1))
      .option('--clip-high <eps>', `clipped surrogate: high ε (default ${GRPO.clipHigh})`, numberIn(0, 1))
      .option('-G, --group-size <n>', `episodes per group (default ${r.groupSize})`, positiveInt)
      .option('-n, --batch-size <n>', `valid groups per step (default ${r.batchSize})`, positiveInt)
      .option('--min-reward-std <std>', `a group is valid when its reward std exceeds this (default ${r.minRewardStd})`, numberIn(0, 1))
      .option('--max-groups <n>', 'groups to generate at most per step (default: the broker decides)', positiveInt)
      .option('--temperature <t>', `sampling temperature (default ${r.temperature})`, numberIn(0, 2))
      .option('--max-turns <n>', `policy turns per episode at most (default ${r.maxTurns})`, positiveInt)
      .option('--distractors-per-band <n>', `distractor tools offered per similarity band (default ${r.distractorsPerBand})`, integer),
  ).action((o: GrpoOptions & TrainJobOptions) => submit(ctx, o, grpoRequestOf));
}

function registerEval(group: Command, ctx: CliContext): void {
  commonOptions(
    environmentOptions(
      group.command('eval').description('measure a checkpoint on environments: mean F1 reward, solved rate, recall, calls per episode'),
      'held-out',
    )
      .option('--samples <n>', `episodes per environment (default ${EVAL.samples})`, positiveInt)
      .option('--temperature <t>', `sampling temperature (default ${EVAL.temperature}: greedy)`, numberIn(0, 2))
      .option('--max-turns <n>', `policy turns per episode at most (default ${EVAL.maxTurns})`, positiveInt)
      .option('--distractors-per-band <n>', `distractor tools offered per similarity band (default ${EVAL.distractorsPerBand})`, integer),
  ).action((o: EvalOptions & TrainJobOptions) => submit(ctx, o, evalRequestOf));
}

/** `astra train sft|grpo|eval`: queue a training job on trainer-gateway and follow it to its summary. */
export function registerTrainCommand(program: Command, ctx: CliContext): void {
  const group = program.command('train').description('train and evaluate policies: SFT, GRPO, evaluation (trainer-gateway)');
  registerSft(group, ctx);
  registerGrpo(group, ctx);
  registerEval(group, ctx);
}
