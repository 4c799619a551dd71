import { z } from 'zod';
import {
  EnvironmentRecordSchema,
  EnvLanguageSchema,
  EnvSplitSchema,
  EnvStrategySchema,
  EnvVerificationSchema,
  ScenarioTypeSchema,
} from '../environments/environment.contract';
import { JobIdSchema, jobReportFields } from '../jobs/job-report.contract';
import { defineCommand, defineRpc } from '../registry/message-definition';
import { STREAMS } from '../registry/streams';
import { IdRefSchema, NextCursorSchema, pageRequest } from './paging';

/** The kinds of env-compiler's durable jobs (one entry of EnvCompilerJobResults in apps/env-compiler/src/jobs/env-compiler-jobs.ts each). */
export const EnvCompilerJobKindSchema = z.enum(['env-synthesis']);
export type EnvCompilerJobKind = z.infer<typeof EnvCompilerJobKindSchema>;

const CORPUS_MAX = 50_000;

/** A domain with an optional knowledge corpus (ASTRA's domains.jsonl and context files). */
export const KnowledgeDomainSchema = z.object({
  domain: z.string().min(1).max(200),
  knowledgeCorpus: z.string().max(CORPUS_MAX).optional(),
});
export type KnowledgeDomain = z.infer<typeof KnowledgeDomainSchema>;

/** A question to decompose (ASTRA's questions.jsonl). */
export const KnowledgeQuestionSchema = z.object({ question: z.string().min(1).max(4000), domain: z.string().min(1).max(200) });
export type KnowledgeQuestion = z.infer<typeof KnowledgeQuestionSchema>;

/** How a run splits its environments into train and held-out: by domain, template or entity, never by row. */
export const EnvSplitRuleSchema = z.object({
  by: z.enum(['domain', 'template', 'entity']),
  /** The share of domains, templates or entities held out (chosen by the run's seed). */
  heldOutFraction: z.number().min(0).max(0.5),
});
export type EnvSplitRule = z.infer<typeof EnvSplitRuleSchema>;

/** What an env-synthesis job is asked to make. */
export const EnvSynthesisRequestSchema = z
  .object({
    jobId: JobIdSchema,
    /** `auto`: llm when the service has a model configured, else kb. */
    strategy: z.enum(['auto', 'kb', 'llm']).default('auto'),
    count: z.number().int().min(1).max(100_000),
    hops: z
      .object({ min: z.number().int().min(1).max(8), max: z.number().int().min(1).max(8) })
      .refine((h) => h.min <= h.max, { message: 'hops.min must not exceed hops.max' })
      .default({ min: 1, max: 4 }),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(0),
    language: EnvLanguageSchema.default('en'),
    /** kb: knowledge areas to draw from (all when absent); llm: domains (with corpora) for unconditional generation. */
    domains: z.array(KnowledgeDomainSchema).max(1000).optional(),
    /** llm: questions to decompose (question-conditional generation). */
    questions: z.array(KnowledgeQuestionSchema).max(10_000).optional(),
    split: EnvSplitRuleSchema.optional(),
    /** Compute distractor pools for the environments made (default true). */
    distractors: z.boolean().default(true),
  })
  .refine((r) => r.strategy !== 'llm' || (r.domains?.length ?? 0) + (r.questions?.length ?? 0) > 0, {
    message: 'the llm strategy needs domains or questions',
  });
export type EnvSynthesisRequest = z.infer<typeof EnvSynthesisRequestSchema>;

/** The outcome of an env-synthesis job. */
export const EnvSynthesisSummarySchema = z.object({
  strategy: EnvStrategySchema,
  /** Units attempted (one environment each at most). */
  units: z.number().int(),
  published: z.number().int(),
  /** Units that made no environment: a failing tool, a model answer that never parsed, a duplicate. */
  failed: z.number().int(),
  /** Environments this run made that an earlier run had already stored (same content hash). */
  existing: z.number().int(),
  byScenario: z.record(z.string(), z.number().int()),
  byHops: z.record(z.string(), z.number().int()),
  templates: z.number().int(),
  entities: z.number().int(),
  split: z.object({ train: z.number().int(), heldOut: z.number().int() }),
  /** The first failures, with their reasons. */
  failures: z.array(z.object({ unit: z.number().int(), reason: z.string() })).max(50),
});
export type EnvSynthesisSummary = z.infer<typeof EnvSynthesisSummarySchema>;

/** Progress and outcome of one env-compiler job; `kind` is absent while no delivery has picked the job up. */
export const EnvCompilerJobReportSchema = z.object({
  ...jobReportFields,
  kind: EnvCompilerJobKindSchema.optional(),
  /** env-synthesis: what the run made. */
  synthesis: EnvSynthesisSummarySchema.optional(),
});
export type EnvCompilerJobReport = z.infer<typeof EnvCompilerJobReportSchema>;

/** One line of an environment listing. */
export const EnvironmentSummarySchema = z.object({
  id: z.string(),
  domain: z.string(),
  language: EnvLanguageSchema,
  scenarioType: ScenarioTypeSchema,
  strategy: EnvStrategySchema,
  prompt: z.string(),
  tools: z.number().int(),
  subTasks: z.number().int(),
  hops: z.number().int(),
  passed: z.boolean(),
  split: EnvSplitSchema.optional(),
  createdAt: z.string(),
});
export type EnvironmentSummary = z.infer<typeof EnvironmentSummarySchema>;

const EnvironmentIdRefSchema = z
  .string()
  .min(6)
  .max(64)
  .regex(/^[0-9a-f]+$/, 'an environment id is hex (a prefix of 6 or more digits works)');

const listFilter = {
  /** Only environments made by this job (and their split in it). */
  jobId: IdRefSchema.optional(),
  domain: z.string().max(200).optional(),
  scenarioType: ScenarioTypeSchema.optional(),
  split: EnvSplitSchema.optional(),
};

export const ENV_COMPILER_MESSAGES = {
  'env-compiler.synthesis.requested': defineCommand({
    key: 'env-compiler.synthesis.requested',
    subject: 'astra.command.env-compiler.synthesis.requested.v1',
    stream: STREAMS.envCompiler.name,
    producers: ['cli'],
    consumers: ['env-compiler'],
    description: 'Synthesize environments (kb or llm), check every tool in the sandbox, publish those that pass; resumable per jobId.',
    payload: EnvSynthesisRequestSchema,
  }),
  'env-compiler.job.status': defineRpc({
    key: 'env-compiler.job.status',
    subject: 'astra.rpc.env-compiler.job.status.v1',
    producers: ['cli'],
    consumers: ['env-compiler'],
    description: 'Progress and report of one env-compiler job of any kind.',
    payload: z.object({ jobId: JobIdSchema }),
    response: EnvCompilerJobReportSchema,
  }),
  'env-compiler.environment.list': defineRpc({
    key: 'env-compiler.environment.list',
    subject: 'astra.rpc.env-compiler.environment.list.v1',
    producers: ['cli', 'rollout-broker', 'trajectory-synth', 'trainer-gateway'],
    consumers: ['env-compiler'],
    description: 'Published environments, newest first, filtered by job, domain, scenario type or split; paged.',
    payload: z.object({ ...listFilter, ...pageRequest(100, 1000) }),
    response: z.object({ environments: z.array(EnvironmentSummarySchema), nextCursor: NextCursorSchema }),
  }),
  'env-compiler.environment.show': defineRpc({
    key: 'env-compiler.environment.show',
    subject: 'astra.rpc.env-compiler.environment.show.v1',
    producers: ['cli', 'rollout-broker', 'trajectory-synth', 'trainer-gateway'],
    consumers: ['env-compiler'],
    description: 'One environment by id or unique id prefix: prompt, sub-task DAG, tools with code, checks, distractor pools.',
    payload: z.object({ id: EnvironmentIdRefSchema }),
    response: z.object({ environment: EnvironmentRecordSchema }),
  }),
  'env-compiler.environment.test': defineRpc({
    key: 'env-compiler.environment.test',
    subject: 'astra.rpc.env-compiler.environment.test.v1',
    producers: ['cli'],
    consumers: ['env-compiler'],
    description: "Re-run every check of an environment's tools in the verifier's sandbox and store the result.",
    payload: z.object({ id: EnvironmentIdRefSchema }),
    response: z.object({ id: z.string(), verification: EnvVerificationSchema }),
    timeoutMs: 120_000,
  }),
  'env-compiler.environment.export': defineRpc({
    key: 'env-compiler.environment.export',
    subject: 'astra.rpc.env-compiler.environment.export.v1',
    producers: ['cli', 'rollout-broker', 'trajectory-synth', 'trainer-gateway'],
    consumers: ['env-compiler'],
    description: 'Whole published environment records (with their split when a job is named), oldest first; paged.',
    payload: z.object({ ...listFilter, ...pageRequest(50, 500) }),
    response: z.object({
      environments: z.array(EnvironmentRecordSchema.extend({ split: EnvSplitSchema.optional() })),
      nextCursor: NextCursorSchema,
    }),
  }),
} as const;
