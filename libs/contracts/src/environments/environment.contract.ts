import { z } from 'zod';
import { SandboxLanguageSchema } from '../messages/sandbox.messages';

/** The four scenario types of the ASTRA paper (exported under their paper names, e.g. `Parallel Multi-Hop`). */
export const ScenarioTypeSchema = z.enum(['single-hop', 'parallel-single-hop', 'multi-hop', 'parallel-multi-hop']);
export type ScenarioType = z.infer<typeof ScenarioTypeSchema>;

/** The language of an environment's prompt and sub-questions. */
export const EnvLanguageSchema = z.enum(['en', 'zh']);
export type EnvLanguage = z.infer<typeof EnvLanguageSchema>;

/** How an environment was made: composed from knowledge-base data without a model, or through the LLM pipeline. */
export const EnvStrategySchema = z.enum(['kb', 'llm']);
export type EnvStrategy = z.infer<typeof EnvStrategySchema>;

const ToolNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a tool name is an identifier: letters, digits and "_"');

/** JSON schema of a tool's arguments (an object schema, as in OpenAI function calling). */
export const ToolParametersSchema = z
  .object({
    type: z.literal('object'),
    properties: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    required: z.array(z.string()).optional(),
  })
  .loose();
export type ToolParameters = z.infer<typeof ToolParametersSchema>;

/** A call statement: which tool, with which JSON arguments. */
export const ToolCallSpecSchema = z.object({
  tool: ToolNameSchema,
  arguments: z.record(z.string(), z.unknown()),
});
export type ToolCallSpec = z.infer<typeof ToolCallSpecSchema>;

/** One synthesized tool: its OpenAI function schema and the code that implements it (a function named after it). */
export const EnvToolSchema = z.object({
  name: ToolNameSchema,
  description: z.string().min(1).max(4000),
  parameters: ToolParametersSchema,
  language: SandboxLanguageSchema.default('python'),
  code: z.string().min(1).max(200_000),
  /** Calls that must fail with a clear error (wrong or missing arguments); each is checked in the sandbox. */
  badCalls: z.array(z.record(z.string(), z.unknown())).max(8).default([]),
  /** The tools merged into this one (same intent); each member's check is re-run against it. */
  mergedFrom: z.array(z.string()).optional(),
});
export type EnvTool = z.infer<typeof EnvToolSchema>;

/** One sub-task of the decomposed question: a node of the dependency DAG. */
export const SubTaskSchema = z.object({
  id: z.string().min(1).max(64),
  question: z.string().min(1).max(4000),
  answer: z.string().min(1).max(4000),
  /** Ids of the sub-tasks whose answers this one needs. */
  dependsOn: z.array(z.string()).default([]),
  /** 1 for a leaf-level question; one more than the deepest dependency otherwise. */
  hop: z.number().int().min(1).max(16),
  /** Whether answering needs a tool call; tool-free steps are legitimate only at leaves (nothing depends on them). */
  toolNecessity: z.boolean(),
  /** The call statement that answers it (absent for tool-free steps). */
  call: ToolCallSpecSchema.optional(),
});
export type SubTask = z.infer<typeof SubTaskSchema>;

/** The checks each tool passes in the verifier's sandbox. */
export const ToolCheckKindSchema = z.enum(['loads', 'answers', 'rejects-bad-input', 'deterministic']);
export type ToolCheckKind = z.infer<typeof ToolCheckKindSchema>;

export const ToolCheckSchema = z.object({
  tool: z.string(),
  check: ToolCheckKindSchema,
  passed: z.boolean(),
  /** The sub-task whose call statement the check ran (answers, deterministic). */
  subTask: z.string().optional(),
  /** Why it failed, or what it saw. */
  detail: z.string().max(2000).optional(),
});
export type ToolCheck = z.infer<typeof ToolCheckSchema>;

/** Scores of the QA verification dimensions (0..1), when the strategy computed them. */
export const QaScoresSchema = z.object({
  dependencyConsistency: z.number().min(0).max(1),
  atomicity: z.number().min(0).max(1),
  noForcedSerialization: z.number().min(0).max(1),
  completeness: z.number().min(0).max(1),
});
export type QaScores = z.infer<typeof QaScoresSchema>;

export const EnvVerificationSchema = z.object({
  /** True when every check of every tool passed: only such an environment is published. */
  passed: z.boolean(),
  checks: z.array(ToolCheckSchema),
  scores: QaScoresSchema.optional(),
  checkedAt: z.string(),
});
export type EnvVerification = z.infer<typeof EnvVerificationSchema>;

/** A tool of another environment offered as a distractor, with its min-max normalised similarity. */
export const DistractorRefSchema = z.object({ environmentId: z.string(), tool: z.string(), similarity: z.number().min(0).max(1) });
export type DistractorRef = z.infer<typeof DistractorRefSchema>;

/** Distractor candidates by similarity band (high > 0.85, medium 0.4 to 0.85, low < 0.4; same-domain excluded). */
export const DistractorPoolsSchema = z.object({
  method: z.enum(['embeddings', 'lexical']),
  high: z.array(DistractorRefSchema),
  medium: z.array(DistractorRefSchema),
  low: z.array(DistractorRefSchema),
});
export type DistractorPools = z.infer<typeof DistractorPoolsSchema>;

export const EnvLineageSchema = z.object({
  strategy: EnvStrategySchema,
  /** Content hashes of the inputs (knowledge data, question, corpus) it was made from. */
  inputs: z.array(z.string()),
  /** The model that wrote it (llm strategy). */
  model: z.string().optional(),
  seed: z.number().int(),
  /** The question template (kb) or the source question (llm), for splits by template. */
  template: z.string().optional(),
  /** The entities the environment is about, for splits by entity. */
  entities: z.array(z.string()).default([]),
});
export type EnvLineage = z.infer<typeof EnvLineageSchema>;

/** The content of an environment: everything its id (content hash) covers. */
export const EnvironmentContentSchema = z.object({
  schemaVersion: z.literal(1).default(1),
  language: EnvLanguageSchema,
  domain: z.string().min(1).max(200),
  scenarioType: ScenarioTypeSchema,
  /** The main question: the only user turn. */
  prompt: z.string().min(1).max(8000),
  tools: z
    .array(EnvToolSchema)
    .min(1)
    .max(64)
    .refine((tools) => new Set(tools.map((t) => t.name)).size === tools.length, { message: 'tool names must be unique' }),
  /** Code run once per session before any call (initial state), in the tools' language. */
  setup: z.string().max(200_000).optional(),
  subTasks: z.array(SubTaskSchema).min(1).max(32),
  finalAnswer: z.string().min(1).max(4000),
  lineage: EnvLineageSchema,
});
export type EnvironmentContent = z.infer<typeof EnvironmentContentSchema>;
export type EnvironmentContentInput = z.input<typeof EnvironmentContentSchema>;

/** One stored environment: its content, its id (the content hash), the checks it passed and its distractor pools. */
export const EnvironmentRecordSchema = EnvironmentContentSchema.extend({
  id: z.string().regex(/^[0-9a-f]{64}$/),
  verification: EnvVerificationSchema,
  distractors: DistractorPoolsSchema.optional(),
  createdAt: z.string(),
});
export type EnvironmentRecord = z.infer<typeof EnvironmentRecordSchema>;

/** Where an environment falls in the run that made it: split by domain, template or entity, never by row. */
export const EnvSplitSchema = z.enum(['train', 'held-out']);
export type EnvSplit = z.infer<typeof EnvSplitSchema>;
