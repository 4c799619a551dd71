// The structural dependency strategy: no model, only schemas, names, descriptions and resource verbs.

import { cosine } from '../text/idf-index';
import { tokenize } from '../text/tokenize.util';
import { typesCompatible } from '../schema/schema-fields.util';
import { DependencyStrategy, DetectionContext, EdgeEvidence, ToolEdge, ToolGraph, ToolServer } from '../tool-graph.types';
import { matchResource } from './resource-rules.util';
import { loginTools, stateLinks, withStateLinks } from './state-dependencies.util';
import { DEFAULT_STATE_SCORES, StateScores } from './state-rules.util';
import { ToolFeatures, WeighedField, toolFeatures } from './tool-features.util';

/** Tunable thresholds of the structural strategy; the defaults were tuned on general rules, not tool names. */
export interface StructuralOptions {
  /** An edge is kept when its combined weight reaches this. */
  edgeThreshold: number;
  /** A single piece of evidence is recorded only from this score up. */
  evidenceThreshold: number;
  /** Name/description matching counts less than an output schema field. */
  lexicalFactor: number;
  /** Share of a server's tools returning a field name from which that field counts as an envelope. */
  genericShare: number;
  genericFactor: number;
  optionalFactor: number;
  freeTextFactor: number;
  enumFactor: number;
  /** An output that is itself the entity a creator makes does not feed that creator (read_x -> create_x). */
  selfFeedFactor: number;
  /** Evidence entries kept per kind and edge. */
  maxEvidence: number;
  /** Scores of the state rules (session, context, check, conversion). */
  state: StateScores;
}

/** Defaults of the structural strategy. */
export const DEFAULT_STRUCTURAL_OPTIONS: StructuralOptions = {
  edgeThreshold: 0.4,
  evidenceThreshold: 0.25,
  lexicalFactor: 0.7,
  genericShare: 0.5,
  genericFactor: 0.2,
  optionalFactor: 0.8,
  freeTextFactor: 0.5,
  enumFactor: 0.4,
  selfFeedFactor: 0.3,
  maxEvidence: 3,
  state: DEFAULT_STATE_SCORES,
};

/** Detects edges A -> B when A's outputs (or what A is about) can feed B's parameters, plus resource rules. */
export class StructuralStrategy implements DependencyStrategy {
  readonly name = 'structural';
  private readonly options: StructuralOptions;

  constructor(options: Partial<StructuralOptions> = {}) {
    this.options = { ...DEFAULT_STRUCTURAL_OPTIONS, ...options, state: { ...DEFAULT_STATE_SCORES, ...options.state } };
  }

  /** Async only to satisfy the interface; the work is synchronous and pure. */
  async detect(server: ToolServer, _ctx: DetectionContext = {}): Promise<ToolGraph> {
    return this.detectSync(server);
  }

  /** The same as detect(), for callers (benchmarks, tests) that need no promise; every edge carries its kind. */
  detectSync(server: ToolServer): ToolGraph {
    const features = toolFeatures(server, this.options.genericShare);
    const edges: ToolEdge[] = [];
    for (const a of features) {
      for (const b of features) {
        if (a === b) continue;
        const edge = this.scorePair(a, b);
        if (edge) edges.push(edge);
      }
    }
    const logins = loginTools(server);
    const data = edges.filter((e) => !logins.has(e.to));
    const links = stateLinks(server, data, this.options.state);
    const kinded = withStateLinks(data, links, (e) => combine(e.evidence), round).filter((e) => e.weight >= this.options.edgeThreshold);
    return { server: server.name, strategy: this.name, tools: server.tools.map((t) => t.name), edges: kinded, rejected: [] };
  }

  private paramFactor(p: WeighedField): number {
    const o = this.options;
    let f = p.field.required ? 1 : o.optionalFactor;
    if (p.freeText) f *= o.freeTextFactor;
    if (p.field.isEnum) f *= o.enumFactor;
    return f;
  }

  private schemaEvidence(a: ToolFeatures, b: ToolFeatures): EdgeEvidence[] {
    const found: EdgeEvidence[] = [];
    for (const p of b.params) {
      const factor = this.paramFactor(p);
      let best = 0;
      let bestField = '';
      for (const out of a.outputs) {
        if (!typesCompatible(out.field.type, p.field.type)) continue;
        const own = selfFeeding(out, b) ? this.options.selfFeedFactor : 1;
        const s = cosine(out.bag, p.bag) * factor * own * (out.generic ? this.options.genericFactor : 1);
        if (s > best) [best, bestField] = [s, out.field.path];
      }
      if (best >= this.options.evidenceThreshold) {
        found.push({ kind: 'schema-field', outputField: bestField, parameter: p.field.path, score: round(best) });
      }
    }
    return topEvidence(found, this.options.maxEvidence);
  }

  private lexicalEvidence(a: ToolFeatures, b: ToolFeatures): EdgeEvidence[] {
    if (a.informativeOutput) return [];
    const found: EdgeEvidence[] = [];
    for (const p of b.params) {
      const s = cosine(a.about, p.bag) * this.options.lexicalFactor * this.paramFactor(p);
      if (s >= this.options.evidenceThreshold) found.push({ kind: 'lexical', parameter: p.field.path, score: round(s) });
    }
    return topEvidence(found, this.options.maxEvidence);
  }

  private scorePair(a: ToolFeatures, b: ToolFeatures): ToolEdge | undefined {
    if (b.params.length === 0) return undefined;
    const evidence = [...this.schemaEvidence(a, b), ...this.lexicalEvidence(a, b)];
    const resource = matchResource(a.profile, a.produced, b.profile, b.paramNameTokens);
    if (resource) evidence.push({ kind: 'resource', ...resource, score: round(resource.score) });
    if (evidence.length === 0) return undefined;
    const weight = combine(evidence);
    if (weight < this.options.edgeThreshold) return undefined;
    return { from: a.tool.name, to: b.tool.name, weight: round(weight), evidence };
  }
}

/** Noisy-or of the strongest evidence of each kind: independent signals reinforce, one kind cannot stack. */
export function combine(evidence: readonly EdgeEvidence[]): number {
  const best = new Map<string, number>();
  for (const e of evidence) best.set(e.kind, Math.max(best.get(e.kind) ?? 0, e.score));
  let miss = 1;
  for (const s of best.values()) miss *= 1 - Math.min(1, Math.max(0, s));
  return 1 - miss;
}

function selfFeeding(out: WeighedField, consumer: ToolFeatures): boolean {
  if (consumer.profile.role !== 'create') return false;
  const tokens = [...tokenize(out.field.parent), ...tokenize(out.field.name)];
  return tokens.some((t) => consumer.profile.entities.has(t));
}

function topEvidence(found: EdgeEvidence[], max: number): EdgeEvidence[] {
  return found.sort((x, y) => y.score - x.score).slice(0, max);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
