import { z } from 'zod';
import { defineRpc } from '../registry/message-definition';

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
});

export const ChainVerdictSchema = z.object({
  operator: ChainOperatorSchema,
  status: ChainStatusSchema,
  reasons: z.array(z.object({ step: z.number().int().optional(), tool: z.string().optional(), parameter: z.string().optional(), message: z.string() })),
});

export const ChainViewSchema = z.object({
  id: z.string(),
  server: z.string(),
  version: z.number().int(),
  tools: z.array(z.string()),
  seed: z.number().int(),
  verdicts: z.array(ChainVerdictSchema),
});

const servers = z.array(z.string().min(1)).optional();
const statusCounts = z.object({ accepted: z.number().int(), rejected: z.number().int(), unknown: z.number().int() });

export const GRAPH_MESSAGES = {
  'graph.build': defineRpc({
    key: 'graph.build',
    subject: 'astra.rpc.graph.graphs.build.v1',
    producers: ['cli'],
    consumers: ['graph-miner'],
    description: 'Builds the tool-call graph of each server (latest versions; all unless named); idempotent per options.',
    payload: z.object({ servers, strategy: GraphStrategySchema.default('structural'), samples: z.number().int().min(1).max(20).default(3) }),
    response: z.object({ graphs: z.array(BuiltGraphSchema) }),
    timeoutMs: 300_000,
  }),
  'graph.show': defineRpc({
    key: 'graph.show',
    subject: 'astra.rpc.graph.graph.show.v1',
    producers: ['cli'],
    consumers: ['graph-miner'],
    description: 'The latest graph of a server rendered as text, DOT, Mermaid or JSON.',
    payload: z.object({
      server: z.string().min(1),
      strategy: GraphStrategySchema.optional(),
      format: z.enum(['text', 'dot', 'mermaid', 'json']).default('text'),
    }),
    response: z.object({ text: z.string() }),
    timeoutMs: 30_000,
  }),
  'chains.sample': defineRpc({
    key: 'chains.sample',
    subject: 'astra.rpc.graph.chains.sample.v1',
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
      })
      .refine((p) => p.minLength <= p.maxLength, { message: 'minLength must not exceed maxLength' }),
    response: z.object({
      servers: z.array(z.object({ server: z.string(), version: z.number().int(), strategy: GraphStrategySchema, sampled: z.number().int(), created: z.number().int() })),
      sampled: z.number().int(),
      created: z.number().int(),
    }),
    timeoutMs: 300_000,
  }),
  'chains.verify': defineRpc({
    key: 'chains.verify',
    subject: 'astra.rpc.graph.chains.verify.v1',
    producers: ['cli'],
    consumers: ['graph-miner'],
    description: 'Verifies stored chains that have no verdict of the operator yet; counts cover every chain in scope.',
    payload: z.object({ servers, operator: ChainOperatorSchema.default('provenance'), samples: z.number().int().min(1).max(20).default(3) }),
    response: z.object({ operator: ChainOperatorSchema, verified: z.number().int(), total: z.number().int(), counts: statusCounts }),
    timeoutMs: 300_000,
  }),
  'chains.list': defineRpc({
    key: 'chains.list',
    subject: 'astra.rpc.graph.chains.list.v1',
    producers: ['cli'],
    consumers: ['graph-miner'],
    description: 'Stored chains with their verdicts; status filters on any operator verdict.',
    payload: z.object({ server: z.string().optional(), status: ChainStatusSchema.optional(), limit: z.number().int().min(1).max(10_000).default(1000) }),
    response: z.object({ chains: z.array(ChainViewSchema) }),
    timeoutMs: 60_000,
  }),
} as const;
