import { z } from 'zod';
import { EnvSplitSchema } from '../environments/environment.contract';
import { JobIdSchema } from '../jobs/job-report.contract';
import { IdRefSchema } from '../messages/paging';

/** A policy's version as the trainer names it (a checkpoint id, a step number): episodes and groups carry it. */
export const PolicyVersionSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@/+-]*$/, 'a policy version is letters, digits and . _ : @ / + -');

/** Sampling parameters sent to a policy endpoint (others are the server's defaults). */
export const PolicySamplingSchema = z.object({
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  /** Tokens one turn may write. */
  max_tokens: z.number().int().positive().max(131_072).optional(),
  seed: z.number().int().optional(),
});

/**
 * The policy of a batch: an OpenAI-compatible endpoint (vLLM, SGLang, the trainer-gateway's policy server, the LLM
 * test server), or `oracle`, the no-model reference policy that follows each environment's own decomposition and
 * errs at the rate `noise` (a wrong argument, a distractor call, a skipped step): it needs no model, so the factory
 * runs end to end without one, and its errors give groups a reward spread. It is a baseline, never a learner.
 */
export const PolicySpecSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('endpoint'),
    /** OpenAI-style base URL with the version prefix; its host must be one the broker allows (ROLLOUT_POLICY_HOSTS). */
    baseUrl: z.url(),
    model: z.string().min(1).max(200),
    version: PolicyVersionSchema,
    params: PolicySamplingSchema.default({}),
    /** Ask for log-probabilities and token ids (vLLM's `logprobs`, `return_token_ids`); kept when the server sends them. */
    logprobs: z.boolean().default(true),
  }),
  z.object({
    kind: z.literal('oracle'),
    version: PolicyVersionSchema.default('oracle'),
    /** Chance that one step goes wrong (0: always optimal). */
    noise: z.number().min(0).max(1).default(0.3),
  }),
]);
export type PolicySpec = z.infer<typeof PolicySpecSchema>;
export type PolicySpecInput = z.input<typeof PolicySpecSchema>;

/** When an episode stops, besides a turn without calls. */
export const EpisodeLimitsSchema = z.object({
  /** Policy turns at most (the paper's rollouts cap turns; 32 by default). */
  maxTurns: z.number().int().min(1).max(256).default(32),
  /** Completion tokens the policy may write over the whole episode. */
  maxTokens: z.number().int().min(1).max(1_000_000).default(32_768),
  /** Calls one turn may run; the rest of the turn's calls get an error observation and still count (precision). */
  maxCallsPerTurn: z.number().int().min(1).max(1024).default(32),
  /** Time limit of one tool call in the sandbox. */
  toolTimeMs: z.number().int().min(10).max(60_000).default(5_000),
});
export type EpisodeLimits = z.infer<typeof EpisodeLimitsSchema>;

export const SimilarityBandSchema = z.enum(['high', 'medium', 'low']);
export type SimilarityBand = z.infer<typeof SimilarityBandSchema>;

/** Distractor tools offered beside the environment's own: up to `perBand` per band, drawn per episode from its pools. */
export const DistractorSettingsSchema = z.object({
  perBand: z.number().int().min(0).max(16).default(1),
  bands: z.array(SimilarityBandSchema).min(1).default(['high', 'medium', 'low']),
});
export type DistractorSettings = z.infer<typeof DistractorSettingsSchema>;

/** The trajectory reward: the paper's F1 of solved sub-tasks over calls, or one of its halves (ablations). */
export const RewardKindSchema = z.enum(['f1', 'recall', 'precision']);
export type RewardKind = z.infer<typeof RewardKindSchema>;

const EnvironmentIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'an environment id is 64 hex digits');

/** Which environments a batch samples from: ids, or an env-compiler job's environments (optionally one split). */
export const EnvironmentSetSchema = z
  .object({
    ids: z.array(EnvironmentIdSchema).min(1).max(10_000).optional(),
    jobId: IdRefSchema.optional(),
    split: EnvSplitSchema.optional(),
    /** The first `limit` environments of the set (all when absent). */
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .refine((s) => (s.ids === undefined) !== (s.jobId === undefined), { message: 'name either ids or an env-compiler jobId' })
  .refine((s) => s.split === undefined || s.jobId !== undefined, { message: 'a split belongs to an env-compiler job: give its jobId' });
export type EnvironmentSet = z.infer<typeof EnvironmentSetSchema>;

/** What a trainer asks for: n valid groups of G episodes each, for one policy version, over an environment set. */
export const RolloutBatchRequestSchema = z.object({
  jobId: JobIdSchema,
  environments: EnvironmentSetSchema,
  policy: PolicySpecSchema,
  /** G: episodes per group (one environment, one policy version). */
  groupSize: z.number().int().min(1).max(256).default(8),
  /** n: valid groups to hand over. */
  batchSize: z.number().int().min(1).max(4096),
  /** δ: a group is valid when its reward standard deviation exceeds this (0 drops only groups of equal rewards). */
  minRewardStd: z.number().min(0).max(1).default(0),
  /** Groups to generate at most before the batch ends short (default 8 × batchSize). */
  maxGroups: z.number().int().min(1).max(1_000_000).optional(),
  reward: RewardKindSchema.default('f1'),
  limits: EpisodeLimitsSchema.default(EpisodeLimitsSchema.parse({})),
  distractors: DistractorSettingsSchema.default(DistractorSettingsSchema.parse({})),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  /** Take valid groups left over by earlier batches of the same policy version and environments first. */
  useBuffer: z.boolean().default(true),
  /**
   * Evaluation: every scored group counts, with spread or without (δ is ignored). With batchSize equal to the number of
   * environments, each environment runs in exactly one group (the first pass of the seeded order covers them all).
   */
  keepAll: z.boolean().default(false),
});
export type RolloutBatchRequest = z.infer<typeof RolloutBatchRequestSchema>;
export type RolloutBatchRequestInput = z.input<typeof RolloutBatchRequestSchema>;

/** Tokens of one policy turn, when the endpoint returned them (vLLM with logprobs / return_token_ids). */
export const TurnTokensSchema = z.object({
  promptTokenIds: z.array(z.number().int()).optional(),
  tokenIds: z.array(z.number().int()).optional(),
  tokens: z.array(z.string()).optional(),
  logprobs: z.array(z.number()).optional(),
});
export type TurnTokens = z.infer<typeof TurnTokensSchema>;

/** One policy turn. */
export const EpisodeTurnSchema = z.object({
  index: z.number().int(),
  content: z.string(),
  reasoning: z.string().nullable(),
  /** Ids of the calls this turn made (see EpisodeRecord.calls). */
  callIds: z.array(z.string()),
  finishReason: z.string().nullable(),
  usage: z.object({ inputTokens: z.number().int(), outputTokens: z.number().int() }),
  latencyMs: z.number().nonnegative(),
  tokens: TurnTokensSchema.optional(),
});
export type EpisodeTurn = z.infer<typeof EpisodeTurnSchema>;

/**
 * How one call ended. `ok`: the tool returned; `error`: it raised or returned {"error"}; `timeout` / `memory`: it ran
 * past its limit; `unknown-tool`: no such tool was offered; `invalid-arguments`: the arguments were not a JSON object.
 * Every one is an observation for the policy and counts as a call in the reward.
 */
export const CallStatusSchema = z.enum(['ok', 'error', 'timeout', 'memory', 'unknown-tool', 'invalid-arguments']);
export type CallStatus = z.infer<typeof CallStatusSchema>;

export const ToolCallRecordSchema = z.object({
  id: z.string(),
  turn: z.number().int(),
  tool: z.string(),
  /** Parsed arguments; null when the policy's JSON did not parse. */
  arguments: z.record(z.string(), z.unknown()).nullable(),
  rawArguments: z.string(),
  /** Whether the tool was a distractor (another environment's tool) rather than one of the environment's own. */
  distractor: z.boolean(),
  status: CallStatusSchema,
  /** The observation the policy saw (the tool message's content). */
  observation: z.string(),
  /** The result as text, for scoring (the tool's JSON value or output); empty unless status is ok. */
  resultText: z.string(),
  /** Not run: the turn had already made maxCallsPerTurn calls (a replay does not run it either). */
  skipped: z.boolean().optional(),
  durationMs: z.number().nonnegative(),
});
export type ToolCallRecord = z.infer<typeof ToolCallRecordSchema>;

/** Which evidence solved a sub-task (see the reward's definition in README, "Rollouts"). */
export const SolvedSubTaskSchema = z.object({
  subTask: z.string(),
  by: z.enum(['call', 'final-answer']),
  callId: z.string().optional(),
});

/** The reward and how it was reached. */
export const RewardBreakdownSchema = z.object({
  kind: RewardKindSchema,
  reward: z.number().min(0).max(1),
  recall: z.number().min(0).max(1),
  precision: z.number().min(0).max(1),
  subTasks: z.number().int(),
  solved: z.array(SolvedSubTaskSchema),
  /** Every call counts, to distractors and failed ones included. */
  calls: z.number().int(),
  /** Whether the last answer contains the environment's final answer (reported, not rewarded). */
  finalAnswerCorrect: z.boolean(),
});
export type RewardBreakdown = z.infer<typeof RewardBreakdownSchema>;

/** `completed`: scored; `failed-infrastructure`: a sandbox or policy-endpoint fault outlived its retries (never scored 0). */
export const EpisodeStatusSchema = z.enum(['completed', 'failed-infrastructure']);
export type EpisodeStatus = z.infer<typeof EpisodeStatusSchema>;

export const EpisodeStopSchema = z.enum(['answered', 'turn-cap', 'token-budget', 'infrastructure']);
export type EpisodeStop = z.infer<typeof EpisodeStopSchema>;

/** A tool offered to the policy that belongs to another environment. */
export const OfferedDistractorSchema = z.object({
  name: z.string(),
  environmentId: z.string(),
  band: SimilarityBandSchema,
});

/** OpenAI wire messages as the policy saw them (user, assistant with tool_calls, tool with tool_call_id). */
export const WireMessageSchema = z
  .object({
    role: z.enum(['system', 'user', 'assistant', 'tool']),
    content: z.string().nullable(),
    tool_calls: z
      .array(z.object({ id: z.string(), type: z.literal('function'), function: z.object({ name: z.string(), arguments: z.string() }) }))
      .optional(),
    tool_call_id: z.string().optional(),
    reasoning_content: z.string().optional(),
  })
  .loose();
export type WireMessage = z.infer<typeof WireMessageSchema>;

/** An OpenAI tool entry as offered to the policy. */
export const OfferedToolSchema = z.object({
  type: z.literal('function'),
  function: z.object({ name: z.string(), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() }),
});
export type OfferedTool = z.infer<typeof OfferedToolSchema>;

/** One stored episode: everything needed to train on it, replay it or re-score it without the policy. */
export const EpisodeRecordSchema = z.object({
  /** 32 hex digits, derived from (batch job, group index, sample), so a redelivered batch finds what it already ran. */
  id: z.string().regex(/^[0-9a-f]{32}$/),
  jobId: z.string(),
  groupIndex: z.number().int(),
  sample: z.number().int(),
  environmentId: z.string(),
  policy: z.object({ kind: z.enum(['endpoint', 'oracle']), model: z.string().optional(), version: z.string() }),
  /** Seeds the distractor draw and the shuffle (and the oracle's errors). */
  seed: z.number().int(),
  status: EpisodeStatusSchema,
  stop: EpisodeStopSchema,
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  tools: z.array(OfferedToolSchema),
  distractors: z.array(OfferedDistractorSchema),
  messages: z.array(WireMessageSchema),
  turns: z.array(EpisodeTurnSchema),
  calls: z.array(ToolCallRecordSchema),
  /** Absent when the episode failed on infrastructure. */
  reward: RewardBreakdownSchema.optional(),
  timings: z.object({
    startedAt: z.string(),
    wallMs: z.number().nonnegative(),
    policyMs: z.number().nonnegative(),
    toolMs: z.number().nonnegative(),
  }),
});
export type EpisodeRecord = z.infer<typeof EpisodeRecordSchema>;

/** What a group came to. `valid`: reward spread above δ; `dropped`: not; `infrastructure`: an episode could not be scored. */
export const GroupStateSchema = z.enum(['valid', 'dropped', 'infrastructure']);
export type GroupState = z.infer<typeof GroupStateSchema>;

export const GroupSummarySchema = z.object({
  id: z.string(),
  /** The batch that generated it (a carried group was generated by an earlier one). */
  jobId: z.string(),
  groupIndex: z.number().int(),
  environmentId: z.string(),
  policyVersion: z.string(),
  state: GroupStateSchema,
  rewards: z.array(z.number()),
  mean: z.number(),
  std: z.number(),
  episodeIds: z.array(z.string()),
});
export type GroupSummary = z.infer<typeof GroupSummarySchema>;

/** The outcome of a batch job. */
export const RolloutBatchSummarySchema = z.object({
  policyVersion: z.string(),
  groupSize: z.number().int(),
  batchSize: z.number().int(),
  /** Groups handed over (at most batchSize; fewer when maxGroups ran out first). */
  groups: z.array(z.object({ id: z.string(), environmentId: z.string(), mean: z.number(), std: z.number() })),
  /** Groups this batch generated; of them, dropped for no spread, and lost to infrastructure faults. */
  generated: z.number().int(),
  dropped: z.number().int(),
  infrastructure: z.number().int(),
  /** Valid groups taken from earlier batches' surplus, and this batch's surplus left for the next request. */
  carriedIn: z.number().int(),
  carriedOut: z.number().int(),
  episodes: z.number().int(),
  failedInfrastructure: z.number().int(),
  /** Mean and spread of every scored episode this batch generated, and valid / (valid + dropped). */
  rewardMean: z.number(),
  rewardStd: z.number(),
  validRatio: z.number(),
  /** Mean tool calls per scored episode. */
  callsPerEpisode: z.number(),
  complete: z.boolean(),
});
export type RolloutBatchSummary = z.infer<typeof RolloutBatchSummarySchema>;

/** One line of an episode listing. */
export const EpisodeSummarySchema = z.object({
  id: z.string(),
  jobId: z.string(),
  groupIndex: z.number().int(),
  sample: z.number().int(),
  environmentId: z.string(),
  policyVersion: z.string(),
  status: EpisodeStatusSchema,
  stop: EpisodeStopSchema,
  reward: z.number().optional(),
  turns: z.number().int(),
  calls: z.number().int(),
  wallMs: z.number(),
  createdAt: z.string(),
});
export type EpisodeSummary = z.infer<typeof EpisodeSummarySchema>;

/** A re-score of one stored episode: the stored reward beside the new one. */
export const EpisodeRescoreSchema = z.object({
  id: z.string(),
  before: RewardBreakdownSchema.optional(),
  after: RewardBreakdownSchema,
  /** replay: how many calls gave a different result when re-run in a fresh session. */
  mismatchedCalls: z.number().int().optional(),
});
export type EpisodeRescore = z.infer<typeof EpisodeRescoreSchema>;
