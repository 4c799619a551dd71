import type { EnvSplit, RewardKind, RolloutBatchRequestInput } from '@astra/contracts';
import { UsageError } from '../cli-context';

/** The options of `astra rollouts run` that shape the request (jobOptions aside). */
export interface RolloutRunOptions {
  env?: string[];
  envJob?: string;
  split?: EnvSplit;
  limit?: number;
  policy: string;
  model?: string;
  policyVersion?: string;
  noise?: number;
  temperature?: number;
  /** false with --no-logprobs: do not ask an endpoint for log-probabilities and token ids (a server that refuses the fields). */
  logprobs: boolean;
  groupSize: number;
  batchSize: number;
  delta: number;
  maxGroups?: number;
  reward: RewardKind;
  maxTurns: number;
  maxCallsPerTurn: number;
  distractorsPerBand: number;
  seed: number;
  buffer: boolean;
}

function environmentsOf(o: RolloutRunOptions): RolloutBatchRequestInput['environments'] {
  const ids = o.env ?? [];
  if (ids.length > 0 === (o.envJob !== undefined)) throw new UsageError('name the environments: --env <ids...> or --env-job <jobId>');
  if (ids.length > 0 && o.split) throw new UsageError('--split belongs to --env-job');
  const limit = o.limit === undefined ? {} : { limit: o.limit };
  if (o.envJob !== undefined) return { jobId: o.envJob, ...(o.split ? { split: o.split } : {}), ...limit };
  return { ids, ...limit };
}

function policyOf(o: RolloutRunOptions): RolloutBatchRequestInput['policy'] {
  const version = o.policyVersion === undefined ? {} : { version: o.policyVersion };
  if (o.policy === 'oracle') {
    if (o.model !== undefined || o.temperature !== undefined) throw new UsageError('--model and --temperature are for an endpoint policy');
    return { kind: 'oracle', ...version, ...(o.noise === undefined ? {} : { noise: o.noise }) };
  }
  if (!/^https?:\/\//.test(o.policy)) throw new UsageError('--policy is oracle or the base URL of an OpenAI-compatible endpoint');
  if (o.model === undefined) throw new UsageError('an endpoint policy needs --model');
  if (o.noise !== undefined) throw new UsageError('--noise is for the oracle policy');
  return {
    kind: 'endpoint',
    baseUrl: o.policy,
    model: o.model,
    // A model name is a fair version when the trainer names none (it fits the version's characters).
    version: o.policyVersion ?? o.model,
    params: o.temperature === undefined ? {} : { temperature: o.temperature },
    logprobs: o.logprobs,
  };
}

/** The batch request of `astra rollouts run`, checked for what the options alone can tell (the bus checks the rest). */
export function rolloutRequestOf(jobId: string, o: RolloutRunOptions): RolloutBatchRequestInput {
  return {
    jobId,
    environments: environmentsOf(o),
    policy: policyOf(o),
    groupSize: o.groupSize,
    batchSize: o.batchSize,
    minRewardStd: o.delta,
    ...(o.maxGroups === undefined ? {} : { maxGroups: o.maxGroups }),
    reward: o.reward,
    limits: { maxTurns: o.maxTurns, maxCallsPerTurn: o.maxCallsPerTurn },
    distractors: { perBand: o.distractorsPerBand },
    seed: o.seed,
    useBuffer: o.buffer,
  };
}
