import { z } from 'zod';
import { JobIdSchema, jobReportFields } from '../jobs/job-report.contract';
import { defineCommand, defineRpc } from '../registry/message-definition';
import { STREAMS } from '../registry/streams';
import { CursorSchema, IdRefSchema, ID_MAX_LENGTH, NextCursorSchema, pageRequest } from './paging';

export const GraphStrategySchema = z.enum(['structural', 'llm', 'hybrid']);
export type GraphStrategy = z.infer<typeof GraphStrategySchema>;

export const ChainOperatorSchema = z.enum(['provenance', 'vote', 'backtranslation']);
export type ChainOperator = z.infer<typeof ChainOperatorSchema>;

export const ChainStatusSchema = z.enum(['accepted', 'rejected', 'unknown']);

/** One stored graph as a build reports it. */
export const BuiltGraphSchema = z.object({
  server: z.string(),
  version: z.number().int(),
  strategy: GraphStrategySchema,
  edges: z.number().int(),
  /** Tool names a model proposed that the server does not have (recorded, never used). */
  rejectedNames: z.array(z.string()),
  /** Model answers that failed their schema after a repair attempt. */
  invalidAnswers: z.number().int(),
  /** false when the same graph (server version, strategy, options) was already stored. */
  created: z.boolean(),
  /**
   * false when a model strategy got no usable answer (every sample invalid): nothing is stored, so the next build
   * asks the model again instead of keeping an empty graph.
   */
  stored: z.boolean(),
});

export type BuiltGraph = z.infer<typeof BuiltGraphSchema>;

export const ChainVerdictSchema = z.object({
  operator: ChainOperatorSchema,
  status: ChainStatusSchema,
  reasons: z.array(
    z.object({ step: z.number().int().optional(), tool: z.string().optional(), parameter: z.string().optional(), message: z.string() }),
  ),
});

export const ChainViewSchema = z.object({
  id: z.string(),
  server: z.string(),
  version: z.number().int(),
  tools: z.array(z.string()),
  seed: z.number().int(),
  verdicts: z.array(ChainVerdictSchema),
});

const serverName = z.string().min(1).max(ID_MAX_LENGTH);
const servers = z.array(serverName).optional();
const jobId = JobIdSchema;
const statusCounts = z.object({ accepted: z.number().int(), rejected: z.number().int(), unknown: z.number().int() });

export const GraphJobKindSchema = z.enum(['graph-build', 'chains-verify']);
export type GraphJobKind = z.infer<typeof GraphJobKindSchema>;

/** What a chain verification did: chains verified by this job, and the verdict counts of every chain in scope. */
export const ChainVerificationSchema = z.object({
  operator: ChainOperatorSchema,
  verified: z.number().int(),
  total: z.number().int(),
  counts: statusCounts,
});
export type ChainVerification = z.infer<typeof ChainVerificationSchema>;

/** How many servers a chains.sample answer lists one by one; its totals count them all. */
export const SAMPLE_PREVIEW = 100;

/**
 * Progress and outcome of one long graph-miner job (a graph build or a chain verification); its progress counts servers
 * built (graph-build) or chains verified (chains-verify). `kind` is absent while no delivery has picked the job up.
 */
export const GraphJobReportSchema = z.object({
  ...jobReportFields,
  kind: GraphJobKindSchema.optional(),
  /** graph-build: one page of the graphs built or found, in server order (the first unless a cursor was given). */
  graphs: z.array(BuiltGraphSchema).optional(),
  /** graph-build: how many graphs the job built or found in all. */
  graphsTotal: z.number().int().optional(),
  /** graph-build: present when more graphs follow; pass it as the status request's cursor. */
  nextCursor: NextCursorSchema,
  /** chains-verify: the verification counts. */
  verification: ChainVerificationSchema.optional(),
});
export type GraphJobReport = z.infer<typeof GraphJobReportSchema>;

export const GRAPH_MESSAGES = {
  'graph.build.requested': defineCommand({
    key: 'graph.build.requested',
    subject: 'astra.command.graph.build.requested.v1',
    stream: STREAMS.graph.name,
    producers: ['cli'],
    consumers: ['graph-miner'],
    description:
      'Build the tool-call graph of each server (latest versions; all unless named); idempotent per jobId and per graph options.',
    payload: z.object({
      jobId,
      servers,
      strategy: GraphStrategySchema.default('structural'),
      samples: z.number().int().min(1).max(20).default(3),
    }),
    delivery: { ackWaitMs: 120_000 },
  }),
  'chains.verify.requested': defineCommand({
    key: 'chains.verify.requested',
    subject: 'astra.command.graph.chain-verification.requested.v1',
    stream: STREAMS.graph.name,
    producers: ['cli'],
    consumers: ['graph-miner'],
    description: 'Verify the stored chains that have no verdict of the operator yet; idempotent per jobId and per (chain, operator).',
    payload: z.object({
      jobId,
      servers,
      operator: ChainOperatorSchema.default('provenance'),
      samples: z.number().int().min(1).max(20).default(3),
    }),
    delivery: { ackWaitMs: 120_000 },
  }),
  // v2: a build's graphs are paginated (v1 carried them all and outgrew the bus's payload limit).
  'graph.job.status': defineRpc({
    key: 'graph.job.status',
    subject: 'astra.rpc.graph.job.status.v2',
    producers: ['cli'],
    consumers: ['graph-miner'],
    description: 'Progress and report of one graph build (with one page of its graphs) or chain verification.',
    payload: z.object({ jobId: IdRefSchema, ...pageRequest(200, 1000) }),
    response: GraphJobReportSchema,
  }),
  // v2: the text comes in pieces (v1 sent it whole and outgrew the bus's payload limit on large servers).
  'graph.show': defineRpc({
    key: 'graph.show',
    subject: 'astra.rpc.graph.graph.show.v2',
    producers: ['cli'],
    consumers: ['graph-miner'],
    description: 'The latest graph of a server rendered as text, DOT, Mermaid or JSON, one piece of the text per answer.',
    payload: z.object({
      server: serverName,
      strategy: GraphStrategySchema.optional(),
      format: z.enum(['text', 'dot', 'mermaid', 'json']).default('text'),
      cursor: CursorSchema.optional(),
    }),
    /** The pieces, joined in order, are the whole text; nextCursor is present while pieces follow. */
    response: z.object({ text: z.string(), nextCursor: NextCursorSchema }),
    timeoutMs: 30_000,
  }),
  // v2: servers lists the first SAMPLE_PREVIEW servers (v1 listed all and outgrew the bus's payload limit).
  'chains.sample': defineRpc({
    key: 'chains.sample',
    subject: 'astra.rpc.graph.chains.sample.v2',
    producers: ['cli'],
    consumers: ['graph-miner'],
    description: 'Samples tool chains from the latest graphs (seeded, replayable); chains are stored once per tool sequence.',
    payload: z
      .object({
        servers,
        strategy: GraphStrategySchema.optional(),
        minLength: z.number().int().min(1).default(2),
        maxLength: z.number().int().min(1).max(20).default(5),
        perServer: z.number().int().min(1).max(10_000).default(50),
        seed: z.number().int().default(1),
        mode: z.enum(['walk', 'exhaustive']).default('walk'),
        /** Walks may revisit a tool (a read after an update of the same entity, say); exhaustive lists simple paths only. */
        allowCycles: z.boolean().default(false),
      })
      .refine((p) => p.minLength <= p.maxLength, { message: 'minLength must not exceed maxLength' })
      .refine((p) => !(p.allowCycles && p.mode === 'exhaustive'), {
        message: 'allowCycles applies to walks; exhaustive mode lists simple paths only',
      }),
    response: z.object({
      /** The first SAMPLE_PREVIEW servers sampled, in server order. */
      servers: z.array(
        z.object({
          server: z.string(),
          version: z.number().int(),
          strategy: GraphStrategySchema,
          sampled: z.number().int(),
          created: z.number().int(),
        }),
      ),
      /** Servers sampled in all. */
      serversTotal: z.number().int(),
      sampled: z.number().int(),
      created: z.number().int(),
    }),
    timeoutMs: 300_000,
  }),
  // v2: paginated; limit is a page's size (in v1 it was the total, up to 10,000, which outgrew the payload limit).
  'chains.list': defineRpc({
    key: 'chains.list',
    subject: 'astra.rpc.graph.chains.list.v2',
    producers: ['cli', 'trajectory-synth'],
    consumers: ['graph-miner'],
    description: 'One page of the stored chains with their verdicts, by server then age; status filters on any operator verdict.',
    payload: z.object({ server: serverName.optional(), status: ChainStatusSchema.optional(), ...pageRequest(200, 1000) }),
    response: z.object({ chains: z.array(ChainViewSchema), nextCursor: NextCursorSchema }),
    timeoutMs: 60_000,
  }),
} as const;
