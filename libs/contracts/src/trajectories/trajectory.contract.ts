import { z } from 'zod';
import { EnvLanguageSchema, EnvSplitSchema } from '../environments/environment.contract';
import { IdRefSchema } from '../messages/paging';
import { OfferedToolSchema, WireMessageSchema } from '../rollouts/episode.contract';

/** Where a task comes from: a verified chain (its exact tool sequence), a server (some of its tools), or an environment. */
export const TaskSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('chain'), chainId: z.string(), server: z.string(), tools: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('server'), server: z.string(), tools: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('environment'), environmentId: z.string().regex(/^[0-9a-f]{64}$/) }),
]);
export type TaskSource = z.infer<typeof TaskSourceSchema>;

/** How a task was made from another: another domain with the same tools, added constraints, or a persona's voice. */
export const AugmentationKindSchema = z.enum(['diverse', 'complicate', 'persona']);
export type AugmentationKind = z.infer<typeof AugmentationKindSchema>;

/** Where an argument of a plan step comes from: a fixed value, or a JSON path into an earlier step's result. */
export const ArgumentBindingSchema = z.object({
  argument: z.string(),
  fromStep: z.string(),
  /** Dotted path into the earlier step's JSON result (`entities.0.name`); empty for the whole result. */
  path: z.string(),
});
export type ArgumentBinding = z.infer<typeof ArgumentBindingSchema>;

/** One call of a task's known plan (what the oracle agent executes for real). */
export const PlanStepSchema = z.object({
  id: z.string(),
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  /** Arguments filled at run time from earlier results (they override `arguments`). */
  bindings: z.array(ArgumentBindingSchema).default([]),
  dependsOn: z.array(z.string()).default([]),
  /** What the step finds out, in words (templated reasoning uses it). */
  purpose: z.string().optional(),
  /** The step's known answer (an environment's sub-task answer): what its result should contain. */
  expected: z.string().max(4000).optional(),
});
export type PlanStep = z.infer<typeof PlanStepSchema>;

/** A task's known solution: a verified chain with arguments from provenance, or an environment's decomposition. */
export const TaskPlanSchema = z.object({
  steps: z.array(PlanStepSchema).min(1).max(64),
  /** The expected final answer when it is known (environments). */
  finalAnswer: z.string().optional(),
});
export type TaskPlan = z.infer<typeof TaskPlanSchema>;

/** Task quality scores, each 0..1 (a 1-5 judge scale maps to 0, .25, .5, .75, 1). */
export const TaskScoresSchema = z.object({
  questionQuality: z.number().min(0).max(1),
  scenarioRealism: z.number().min(0).max(1),
  toolUseNecessity: z.number().min(0).max(1),
  toolSelectionDifficulty: z.number().min(0).max(1),
  uniqueness: z.number().min(0).max(1),
});
export type TaskScores = z.infer<typeof TaskScoresSchema>;

/** Thresholds a task's scores must reach (each configurable; a task whose scores did not parse is rejected). */
export const TaskThresholdsSchema = z.object({
  questionQuality: z.number().min(0).max(1).default(0.5),
  scenarioRealism: z.number().min(0).max(1).default(0.5),
  toolUseNecessity: z.number().min(0).max(1).default(0.5),
  toolSelectionDifficulty: z.number().min(0).max(1).default(0),
  uniqueness: z.number().min(0).max(1).default(0.25),
});
export type TaskThresholds = z.infer<typeof TaskThresholdsSchema>;

/** How a task was written: by the task model, from a template (no model), or as an environment's own question. */
export const TaskStrategySchema = z.enum(['llm', 'template', 'environment']);
export type TaskStrategy = z.infer<typeof TaskStrategySchema>;

/** One task: a user query that needs its target tools, with its source, augmentation, scores and verdict. */
export const TaskRecordSchema = z.object({
  /** Content hash of question, source and augmentation. */
  id: z.string().regex(/^[0-9a-f]{64}$/),
  jobId: z.string(),
  question: z.string().min(1).max(8000),
  language: EnvLanguageSchema,
  source: TaskSourceSchema,
  /** The tools the task needs, in order for a chain. */
  targetTools: z.array(z.string()).min(1),
  strategy: TaskStrategySchema,
  augmentation: z.object({ kind: AugmentationKindSchema, parentId: z.string(), persona: z.string().optional() }).optional(),
  plan: TaskPlanSchema.optional(),
  scores: TaskScoresSchema.optional(),
  accepted: z.boolean(),
  /** Why a task was rejected: a score under its threshold, scores that did not parse, a near-duplicate. */
  rejectReason: z.string().optional(),
  split: EnvSplitSchema.optional(),
  lineage: z.object({ model: z.string().optional(), seed: z.number().int(), inputs: z.array(z.string()).default([]) }),
  createdAt: z.string(),
});
export type TaskRecord = z.infer<typeof TaskRecordSchema>;

/** What runs a trajectory's tool calls: real MCP servers, an environment's compiled tools, or tools simulated by a model. */
export const ExecutorKindSchema = z.enum(['mcp', 'compiled', 'simulated']);
export type ExecutorKind = z.infer<typeof ExecutorKindSchema>;

/** Who solved it: a model through the LLM client, or the oracle agent following the task's plan. */
export const AgentKindSchema = z.enum(['model', 'oracle']);
export type AgentKind = z.infer<typeof AgentKindSchema>;

/**
 * How one call ended: `ok`, `error` (the tool failed or said so), `timeout`, `injected` (a failure injected into a
 * simulated tool on purpose), `unknown-tool`, `invalid-arguments` (not a JSON object, or not fitting the schema).
 */
export const TrajectoryCallStatusSchema = z.enum(['ok', 'error', 'timeout', 'injected', 'unknown-tool', 'invalid-arguments']);
export type TrajectoryCallStatus = z.infer<typeof TrajectoryCallStatusSchema>;

export const TrajectoryCallSchema = z.object({
  id: z.string(),
  turn: z.number().int(),
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()).nullable(),
  status: TrajectoryCallStatusSchema,
  /** The tool message's content (what the agent saw). */
  result: z.string(),
  durationMs: z.number().nonnegative(),
});
export type TrajectoryCall = z.infer<typeof TrajectoryCallSchema>;

/** The seven dimensions of the paper's trajectory judge. */
export const JudgeDimensionSchema = z.enum([
  'query-understanding',
  'query-planning',
  'tool-response-understanding',
  'tool-response-planning',
  'tool-call-status',
  'tool-conciseness',
  'final-answer',
]);
export type JudgeDimension = z.infer<typeof JudgeDimensionSchema>;

/** The model-free checks run before any judge model. */
export const RuleCheckKindSchema = z.enum(['tools-exist', 'arguments-match-schema', 'results-used', 'answer-grounded']);
export type RuleCheckKind = z.infer<typeof RuleCheckKindSchema>;

export const RuleCheckSchema = z.object({ rule: RuleCheckKindSchema, passed: z.boolean(), detail: z.string().max(2000).optional() });
export type RuleCheck = z.infer<typeof RuleCheckSchema>;

/** One dimension's score (0..1), or `unknown` when the judge's answer did not parse or the call failed: never a pass. */
export const DimensionScoreSchema = z.object({
  dimension: JudgeDimensionSchema,
  status: z.enum(['scored', 'unknown']),
  score: z.number().min(0).max(1).nullable(),
  reason: z.string().max(2000),
});
export type DimensionScore = z.infer<typeof DimensionScoreSchema>;

/** When a judged trajectory is accepted: every rule passes, and with a judge model the mean and each dimension reach these. */
export const AcceptanceRuleSchema = z.object({
  minMean: z.number().min(0).max(1).default(0.7),
  minDimension: z.number().min(0).max(1).default(0.5),
  /** Per-dimension minimums that override minDimension. */
  perDimension: z.partialRecord(JudgeDimensionSchema, z.number().min(0).max(1)).default({}),
});
export type AcceptanceRule = z.infer<typeof AcceptanceRuleSchema>;

/** A judge's verdict: `rules` mode when no judge model is configured (rule checks only), `model` with one. */
export const JudgeVerdictSchema = z.object({
  accepted: z.boolean(),
  mode: z.enum(['rules', 'model']),
  rules: z.array(RuleCheckSchema),
  dimensions: z.array(DimensionScoreSchema),
  /** Mean of the scored dimensions; null when any is unknown or in rules mode. */
  mean: z.number().min(0).max(1).nullable(),
  /** Why it was rejected (failed rules, unknown or low dimensions); empty when accepted. */
  reasons: z.array(z.string()),
  model: z.string().optional(),
  judgedAt: z.string(),
});
export type JudgeVerdict = z.infer<typeof JudgeVerdictSchema>;

/** What a judge reads: the task's question, the tools offered, and the conversation. */
export const JudgedTrajectorySchema = z.object({
  question: z.string().min(1).max(8000),
  tools: z.array(OfferedToolSchema).max(256),
  messages: z.array(WireMessageSchema).min(1).max(512),
});
export type JudgedTrajectory = z.infer<typeof JudgedTrajectorySchema>;

/** How a trajectory stopped: the agent answered, it hit the model-call cap or the wall-clock limit, or a fault. */
export const TrajectoryStopSchema = z.enum(['answered', 'call-cap', 'time-limit', 'infrastructure']);
export type TrajectoryStop = z.infer<typeof TrajectoryStopSchema>;

/** One trajectory: the conversation (OpenAI messages + tools, reasoning kept), its calls, executor, agent and verdict. */
export const TrajectoryRecordSchema = z.object({
  /** 32 hex digits from (job, task, attempt), so a resumed job finds what it made. */
  id: z.string().regex(/^[0-9a-f]{32}$/),
  jobId: z.string(),
  taskId: z.string(),
  executor: ExecutorKindSchema,
  agent: z.object({ kind: AgentKindSchema, model: z.string().optional() }),
  /** oracle: the detours it took on purpose (a redundant call, a wrong first argument then recovery). */
  detours: z.array(z.string()).default([]),
  tools: z.array(OfferedToolSchema),
  messages: z.array(WireMessageSchema),
  calls: z.array(TrajectoryCallSchema),
  finalAnswer: z.string(),
  stop: TrajectoryStopSchema,
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  judgement: JudgeVerdictSchema.optional(),
  verdict: z.enum(['accepted', 'rejected', 'unjudged']),
  timings: z.object({
    startedAt: z.string(),
    wallMs: z.number().nonnegative(),
    modelMs: z.number().nonnegative(),
    toolMs: z.number().nonnegative(),
  }),
});
export type TrajectoryRecord = z.infer<typeof TrajectoryRecordSchema>;

/** Formats the SFT export writes. */
export const SftFormatSchema = z.enum(['openai', 'astra', 'sharegpt', 'trl']);
export type SftFormat = z.infer<typeof SftFormatSchema>;

/** Which tasks a trajectory job solves: a task job's accepted tasks, or ids. */
export const TaskSelectionSchema = z
  .object({
    jobId: IdRefSchema.optional(),
    ids: z
      .array(z.string().regex(/^[0-9a-f]{6,64}$/))
      .min(1)
      .max(10_000)
      .optional(),
    limit: z.number().int().min(1).max(100_000).optional(),
  })
  .refine((s) => (s.jobId === undefined) !== (s.ids === undefined), { message: 'name either a task jobId or task ids' });
export type TaskSelection = z.infer<typeof TaskSelectionSchema>;
