// Minimal input and output shapes of the tool-graph core. Input types are deliberately our own (not the catalog's)
// so this lib stays independent of how catalogs are normalised.

/** A JSON Schema fragment, restricted to the keywords the graph miner reads. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  enum?: readonly unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  default?: unknown;
  [keyword: string]: unknown;
}

/** One tool of a server: name, description, input parameters and an optional output schema. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: JsonSchema;
  outputSchema?: JsonSchema | null;
}

/** A server groups the tools that can be chained together. */
export interface ToolServer {
  name: string;
  tools: ToolSpec[];
}

/** Every edge kind, data first. */
export const EDGE_KINDS = ['data', 'session', 'context', 'check', 'conversion'] as const;

/** What kind of dependency an edge is: data flow, or one of state that no output feeds. */
export type EdgeKind = (typeof EDGE_KINDS)[number];

/** The kinds of state dependency: login first, make current first, check before commit, convert before use. */
export type StateEdgeKind = Exclude<EdgeKind, 'data'>;

/** Why an edge exists: which output fed which parameter, which rule fired, or which model said so. */
export type EdgeEvidence =
  | { kind: 'schema-field'; outputField: string; parameter: string; score: number }
  | { kind: 'lexical'; parameter: string; score: number }
  | { kind: 'resource'; rule: string; entity: string; score: number }
  | { kind: 'state'; rule: StateEdgeKind; cue: string; score: number }
  | { kind: 'proposal'; count: number; total: number; score: number; edgeKind?: EdgeKind }
  | { kind: 'llm-confirmed'; score: number }
  | { kind: 'llm-rejected'; score: number };

/** A directed dependency: `from` should run before `to` because it can feed it. */
export interface ToolEdge {
  from: string;
  to: string;
  /** Confidence in [0, 1]. */
  weight: number;
  /** What the dependency is; graphs stored before kinds existed lack it, which reads as data (see edgeKind). */
  kind?: EdgeKind;
  evidence: EdgeEvidence[];
}

/** The kind of an edge, data when it has none. */
export function edgeKind(edge: Pick<ToolEdge, 'kind'>): EdgeKind {
  return edge.kind ?? 'data';
}

/** The tool-call graph of one server, produced by a named strategy. */
export interface ToolGraph {
  server: string;
  strategy: string;
  tools: string[];
  edges: ToolEdge[];
  /** Names a model proposed that the server does not have. */
  rejected: string[];
}

/** What a strategy may use besides the server; everything here is optional and injected. */
export interface DetectionContext {
  runId?: string;
  signal?: AbortSignal;
}

/** One way of finding dependencies; async so an LLM-backed strategy can implement it. */
export interface DependencyStrategy {
  readonly name: string;
  detect(server: ToolServer, ctx: DetectionContext): Promise<ToolGraph>;
}

/** A chain of tool names that a model proposed as a plausible sequence. */
export interface ChainProposal {
  tools: string[];
}

/** A dependency a model named with its kind (a login before an action, a price check before a purchase). */
export interface NamedDependency {
  from: string;
  to: string;
  kind: EdgeKind;
}

/** A model's judgement on one structural edge, for the hybrid strategy. */
export interface EdgeConfirmation {
  from: string;
  to: string;
  confirmed: boolean;
}

/** A sampled chain: tool names in call order. */
export interface ToolChain {
  server: string;
  tools: string[];
}

/** Where a verdict reason points: a step of the chain and, when known, a parameter. */
export interface VerdictReason {
  step?: number;
  tool?: string;
  parameter?: string;
  message: string;
}

/** Outcome of a chain check; `unknown` is never treated as a pass. */
export interface Verdict {
  status: 'accepted' | 'rejected' | 'unknown';
  reasons: VerdictReason[];
}
