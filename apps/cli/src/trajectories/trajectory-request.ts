import type { JudgeDimension, PayloadInputOf, Registry } from '@astra/contracts';
import { JudgeDimensionSchema } from '@astra/contracts';
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../cli-context';

/** What `astra trajectories synthesize` queues (the bus fills the defaults and checks the rest). */
export type TrajectorySynthesisRequestInput = PayloadInputOf<Registry, 'trajectory-synth.trajectories.requested'>;
type AcceptanceInput = NonNullable<TrajectorySynthesisRequestInput['acceptance']>;

/** The acceptance options shared by `synthesize` and `judge`. */
export interface AcceptanceOptions {
  minMean?: number;
  minDimension?: number;
  /** `--min <dimension>=<score>` entries, parsed by dimensionMinimum. */
  min?: [JudgeDimension, number][];
}

/** The options of `astra trajectories synthesize` that shape the request (jobOptions aside). */
export interface SynthesizeOptions extends AcceptanceOptions {
  tasksJob?: string;
  limit?: number;
  agent: 'auto' | 'model' | 'oracle';
  executor: 'auto' | 'mcp' | 'compiled' | 'simulated';
  perTask: number;
  maxModelCalls: number;
  /** Seconds. */
  timeLimit: number;
  detourRate?: number;
  failureRate?: number;
  /** false with --no-judge. */
  judge: boolean;
  seed: number;
}

/** Option parser of `--min <dimension>=<score>` (repeatable): one dimension's minimum. */
export function dimensionMinimum(value: string, previous: [JudgeDimension, number][] = []): [JudgeDimension, number][] {
  const [name = '', score = ''] = value.split('=');
  const dimension = JudgeDimensionSchema.safeParse(name);
  if (!dimension.success) throw new InvalidArgumentError(`the dimension is one of ${JudgeDimensionSchema.options.join(', ')}`);
  const parsed = Number(score);
  if (score.trim() === '' || !(parsed >= 0 && parsed <= 1)) throw new InvalidArgumentError('write <dimension>=<score from 0 to 1>');
  return [...previous, [dimension.data, parsed]];
}

/** Only the acceptance settings given on the command line: the contract's defaults stand for the others. */
export function acceptanceOf(o: AcceptanceOptions): AcceptanceInput {
  return {
    ...(o.minMean === undefined ? {} : { minMean: o.minMean }),
    ...(o.minDimension === undefined ? {} : { minDimension: o.minDimension }),
    ...(o.min?.length ? { perDimension: Object.fromEntries(o.min) } : {}),
  };
}

function tasksOf(ids: readonly string[], o: SynthesizeOptions): TrajectorySynthesisRequestInput['tasks'] {
  if (ids.length > 0 === (o.tasksJob !== undefined)) throw new UsageError('name the tasks: --tasks-job <jobId> or task ids');
  const limit = o.limit === undefined ? {} : { limit: o.limit };
  return o.tasksJob !== undefined ? { jobId: o.tasksJob, ...limit } : { ids: [...ids], ...limit };
}

/** The request of `astra trajectories synthesize`, checked for what the options alone can tell. */
export function trajectoryRequestOf(jobId: string, ids: readonly string[], o: SynthesizeOptions): TrajectorySynthesisRequestInput {
  if (o.agent === 'model' && o.detourRate !== undefined) throw new UsageError('--detour-rate is for the oracle agent');
  if (o.executor !== 'simulated' && o.executor !== 'auto' && o.failureRate !== undefined)
    throw new UsageError('--failure-rate is for the simulated executor');
  if (!o.judge && (o.minMean !== undefined || o.minDimension !== undefined || o.min?.length))
    throw new UsageError('acceptance options need judging (drop --no-judge)');
  return {
    jobId,
    tasks: tasksOf(ids, o),
    agent: o.agent,
    executor: o.executor,
    perTask: o.perTask,
    maxModelCalls: o.maxModelCalls,
    timeLimitMs: o.timeLimit * 1000,
    ...(o.detourRate === undefined ? {} : { detourRate: o.detourRate }),
    ...(o.failureRate === undefined ? {} : { failureRate: o.failureRate }),
    judge: o.judge,
    acceptance: acceptanceOf(o),
    seed: o.seed,
  };
}
