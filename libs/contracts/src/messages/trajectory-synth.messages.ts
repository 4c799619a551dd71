import { z } from 'zod';
import { EnvLanguageSchema, EnvSplitSchema } from '../environments/environment.contract';
import { JobIdSchema, jobReportFields } from '../jobs/job-report.contract';
import { defineCommand, defineRpc } from '../registry/message-definition';
import { STREAMS } from '../registry/streams';
import {
  AcceptanceRuleSchema,
  AgentKindSchema,
  ExecutorKindSchema,
  SftFormatSchema,
  TaskRecordSchema,
  TaskSelectionSchema,
  TaskThresholdsSchema,
  TrajectoryRecordSchema,
} from '../trajectories/trajectory.contract';
import { IdRefSchema, NextCursorSchema, pageRequest } from './paging';

/** The kinds of trajectory-synth's durable jobs (one entry of TrajectorySynthJobResults in apps/trajectory-synth/src/jobs/trajectory-synth-jobs.ts each). */
export const TrajectorySynthJobKindSchema = z.enum(['task-generation', 'trajectory-synthesis', 'trajectory-judging']);
export type TrajectorySynthJobKind = z.infer<typeof TrajectorySynthJobKindSchema>;

/** Where a task job draws from: verified chains of graph-miner, servers' tools, or env-compiler's environments. */
export const TaskInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('chains'), servers: z.array(z.string().min(1).max(200)).max(1000).optional() }),
  z.object({
    kind: z.literal('servers'),
    servers: z.array(z.string().min(1).max(200)).min(1).max(1000),
    /** Tools the task should need, chosen per task. */
    toolsPerTask: z.number().int().min(2).max(8).default(3),
  }),
  z.object({
    kind: z.literal('environments'),
    jobId: IdRefSchema,
    split: EnvSplitSchema.optional(),
    limit: z.number().int().min(1).max(100_000).optional(),
  }),
]);
export type TaskInput = z.infer<typeof TaskInputSchema>;

/** What a task-generation job is asked to make. */
export const TaskGenerationRequestSchema = z.object({
  jobId: JobIdSchema,
  input: TaskInputSchema,
  /** Base tasks to make at most (augmented ones come on top). */
  count: z.number().int().min(1).max(100_000),
  /** auto: llm when the task role is configured, else template (chains, environments) without a model. */
  strategy: z.enum(['auto', 'llm', 'template']).default('auto'),
  /** Augmented variants per accepted base task (llm only). */
  augment: z
    .object({
      diverse: z.number().int().min(0).max(8).default(0),
      complicate: z.number().int().min(0).max(8).default(0),
      persona: z.number().int().min(0).max(8).default(0),
    })
    .default({ diverse: 0, complicate: 0, persona: 0 }),
  thresholds: TaskThresholdsSchema.default(TaskThresholdsSchema.parse({})),
  /** The questions' language; absent: the tools' own (detected from their descriptions; an environment's own language). */
  language: EnvLanguageSchema.optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
});
export type TaskGenerationRequest = z.infer<typeof TaskGenerationRequestSchema>;

export const TaskGenerationSummarySchema = z.object({
  strategy: z.enum(['llm', 'template', 'environment']),
  generated: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  duplicates: z.number().int(),
  augmented: z.number().int(),
  /** Rejections by reason (a threshold name, `unparseable scores`, `near-duplicate`...). */
  rejections: z.record(z.string(), z.number().int()),
});
export type TaskGenerationSummary = z.infer<typeof TaskGenerationSummarySchema>;

/** What a trajectory-synthesis job is asked to do. */
export const TrajectorySynthesisRequestSchema = z.object({
  jobId: JobIdSchema,
  tasks: TaskSelectionSchema,
  /** auto: a model when the agent role is configured, else the oracle. */
  agent: z.enum(['auto', 'model', 'oracle']).default('auto'),
  /** auto: compiled for environment tasks, mcp for chain and server tasks; simulated runs every tool through the simulator role. */
  executor: z.enum(['auto', 'mcp', 'compiled', 'simulated']).default('auto'),
  /** Trajectories per task. */
  perTask: z.number().int().min(1).max(16).default(1),
  /** Model calls per trajectory at most (the paper's cap is 20). */
  maxModelCalls: z.number().int().min(1).max(200).default(20),
  timeLimitMs: z.number().int().min(1000).max(3_600_000).default(300_000),
  /** Oracle: chance of a realistic detour per trajectory. */
  detourRate: z.number().min(0).max(1).default(0.2),
  /** Simulated tools: chance that a call fails on purpose (timeout, error, empty result). */
  failureRate: z.number().min(0).max(1).default(0.2),
  /** Judge each trajectory as it is made. */
  judge: z.boolean().default(true),
  acceptance: AcceptanceRuleSchema.default(AcceptanceRuleSchema.parse({})),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
});
export type TrajectorySynthesisRequest = z.infer<typeof TrajectorySynthesisRequestSchema>;

export const TrajectorySynthesisSummarySchema = z.object({
  trajectories: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  unjudged: z.number().int(),
  failed: z.number().int(),
  byExecutor: z.record(z.string(), z.number().int()),
  byAgent: z.record(z.string(), z.number().int()),
  callsPerTrajectory: z.number(),
});
export type TrajectorySynthesisSummary = z.infer<typeof TrajectorySynthesisSummarySchema>;

/** Progress and outcome of one trajectory-synth job; `kind` is absent while no delivery has picked the job up. */
export const TrajectorySynthJobReportSchema = z.object({
  ...jobReportFields,
  kind: TrajectorySynthJobKindSchema.optional(),
  tasks: TaskGenerationSummarySchema.optional(),
  trajectories: TrajectorySynthesisSummarySchema.optional(),
});
export type TrajectorySynthJobReport = z.infer<typeof TrajectorySynthJobReportSchema>;

const TaskIdRefSchema = z.string().regex(/^[0-9a-f]{6,64}$/, 'a task id is hex (a prefix of 6 or more digits works)');
const TrajectoryIdRefSchema = z.string().regex(/^[0-9a-f]{6,32}$/, 'a trajectory id is hex (a prefix of 6 or more digits works)');

export const TaskSummarySchema = TaskRecordSchema.pick({
  id: true,
  jobId: true,
  question: true,
  strategy: true,
  accepted: true,
  rejectReason: true,
  createdAt: true,
}).extend({
  source: z.string(),
  tools: z.number().int(),
  augmentation: z.string().optional(),
});
export type TaskSummary = z.infer<typeof TaskSummarySchema>;

export const TrajectorySummarySchema = z.object({
  id: z.string(),
  jobId: z.string(),
  taskId: z.string(),
  executor: ExecutorKindSchema,
  agent: AgentKindSchema,
  verdict: z.enum(['accepted', 'rejected', 'unjudged']),
  stop: z.string(),
  calls: z.number().int(),
  mean: z.number().nullable(),
  createdAt: z.string(),
});
export type TrajectorySummary = z.infer<typeof TrajectorySummarySchema>;

export const TRAJECTORY_SYNTH_MESSAGES = {
  'trajectory-synth.tasks.requested': defineCommand({
    key: 'trajectory-synth.tasks.requested',
    subject: 'astra.command.trajectory-synth.tasks.requested.v1',
    stream: STREAMS.trajectorySynth.name,
    producers: ['cli'],
    consumers: ['trajectory-synth'],
    description: 'Generate tasks from chains, servers or environments, augment and score them; resumable per jobId.',
    payload: TaskGenerationRequestSchema,
  }),
  'trajectory-synth.trajectories.requested': defineCommand({
    key: 'trajectory-synth.trajectories.requested',
    subject: 'astra.command.trajectory-synth.trajectories.requested.v1',
    stream: STREAMS.trajectorySynth.name,
    producers: ['cli'],
    consumers: ['trajectory-synth'],
    description: 'Solve tasks with an agent against real, compiled or simulated tools and judge each trajectory; resumable per jobId.',
    payload: TrajectorySynthesisRequestSchema,
  }),
  'trajectory-synth.judging.requested': defineCommand({
    key: 'trajectory-synth.judging.requested',
    subject: 'astra.command.trajectory-synth.judging.requested.v1',
    stream: STREAMS.trajectorySynth.name,
    producers: ['cli'],
    consumers: ['trajectory-synth'],
    description: "Judge (again) a trajectory job's trajectories with an acceptance rule; resumable per jobId.",
    payload: z.object({
      jobId: JobIdSchema,
      trajectoryJobId: IdRefSchema,
      acceptance: AcceptanceRuleSchema.default(AcceptanceRuleSchema.parse({})),
    }),
  }),
  'trajectory-synth.job.status': defineRpc({
    key: 'trajectory-synth.job.status',
    subject: 'astra.rpc.trajectory-synth.job.status.v1',
    producers: ['cli'],
    consumers: ['trajectory-synth'],
    description: 'Progress and report of one trajectory-synth job of any kind.',
    payload: z.object({ jobId: JobIdSchema }),
    response: TrajectorySynthJobReportSchema,
  }),
  'trajectory-synth.task.list': defineRpc({
    key: 'trajectory-synth.task.list',
    subject: 'astra.rpc.trajectory-synth.task.list.v1',
    producers: ['cli'],
    consumers: ['trajectory-synth'],
    description: 'Tasks, newest first, filtered by job and verdict; paged.',
    payload: z.object({ jobId: IdRefSchema.optional(), accepted: z.boolean().optional(), ...pageRequest(50, 1000) }),
    response: z.object({ tasks: z.array(TaskSummarySchema), nextCursor: NextCursorSchema }),
  }),
  'trajectory-synth.task.show': defineRpc({
    key: 'trajectory-synth.task.show',
    subject: 'astra.rpc.trajectory-synth.task.show.v1',
    producers: ['cli'],
    consumers: ['trajectory-synth'],
    description: 'One task by id or unique prefix: question, source, plan, scores, verdict.',
    payload: z.object({ id: TaskIdRefSchema }),
    response: z.object({ task: TaskRecordSchema }),
  }),
  'trajectory-synth.trajectory.list': defineRpc({
    key: 'trajectory-synth.trajectory.list',
    subject: 'astra.rpc.trajectory-synth.trajectory.list.v1',
    producers: ['cli', 'trainer-gateway'],
    consumers: ['trajectory-synth'],
    description: 'Trajectories, newest first, filtered by job, verdict, executor; paged.',
    payload: z.object({
      jobId: IdRefSchema.optional(),
      verdict: z.enum(['accepted', 'rejected', 'unjudged']).optional(),
      executor: ExecutorKindSchema.optional(),
      ...pageRequest(50, 1000),
    }),
    response: z.object({ trajectories: z.array(TrajectorySummarySchema), nextCursor: NextCursorSchema }),
  }),
  'trajectory-synth.trajectory.show': defineRpc({
    key: 'trajectory-synth.trajectory.show',
    subject: 'astra.rpc.trajectory-synth.trajectory.show.v1',
    producers: ['cli', 'trainer-gateway'],
    consumers: ['trajectory-synth'],
    description: 'One trajectory by id or unique prefix: messages, calls, judge scores.',
    payload: z.object({ id: TrajectoryIdRefSchema }),
    response: z.object({ trajectory: TrajectoryRecordSchema }),
  }),
  'trajectory-synth.trajectory.export': defineRpc({
    key: 'trajectory-synth.trajectory.export',
    subject: 'astra.rpc.trajectory-synth.trajectory.export.v1',
    producers: ['cli', 'trainer-gateway'],
    consumers: ['trajectory-synth'],
    description: "A job's accepted trajectories as SFT records in one format (a line each), with their split; paged, oldest first.",
    payload: z.object({
      jobId: IdRefSchema,
      format: SftFormatSchema.default('openai'),
      /** Share of tasks in the validation split (by task, seeded by the job). */
      validationFraction: z.number().min(0).max(0.5).default(0.1),
      ...pageRequest(100, 1000),
    }),
    response: z.object({
      records: z.array(z.object({ split: z.enum(['train', 'validation']), line: z.string() })),
      nextCursor: NextCursorSchema,
    }),
  }),
} as const;
