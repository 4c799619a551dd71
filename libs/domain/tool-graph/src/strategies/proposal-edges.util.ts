// Pure halves of the LLM and hybrid strategies: the service asks the model, these functions turn answers into graphs.

import {
  ChainProposal,
  EDGE_KINDS,
  EdgeConfirmation,
  EdgeEvidence,
  EdgeKind,
  NamedDependency,
  ToolEdge,
  ToolGraph,
  ToolServer,
  edgeKind,
} from '../tool-graph.types';
import { combine } from './structural.strategy';

interface PairCount {
  from: string;
  to: string;
  count: number;
  votes: Map<EdgeKind, number>;
}

/**
 * Builds a graph from model-proposed chains and named dependencies: each consecutive pair of a chain, and each named
 * dependency, counts once; an edge is weighted by its count against the most frequent pair's, and its kind is the one
 * the model named most often for it (data when it only ever appeared in chains).
 */
export function edgesFromProposals(
  server: ToolServer,
  proposals: readonly ChainProposal[],
  dependencies: readonly NamedDependency[] = [],
): ToolGraph {
  const known = new Set(server.tools.map((t) => t.name));
  const rejected = new Set<string>();
  const counts = new Map<string, PairCount>();
  let pairs = 0;
  const count = (from: string, to: string, kind?: EdgeKind): void => {
    // An unknown name breaks the chain at that point rather than inventing an edge around it.
    if (!known.has(from) || !known.has(to) || from === to) return;
    pairs += 1;
    const key = `${from}\u0000${to}`;
    const entry = counts.get(key) ?? { from, to, count: 0, votes: new Map() };
    entry.count += 1;
    if (kind) entry.votes.set(kind, (entry.votes.get(kind) ?? 0) + 1);
    counts.set(key, entry);
  };
  for (const proposal of proposals) {
    const names = proposal.tools.map((n) => n.trim());
    for (const n of names) if (!known.has(n)) rejected.add(n);
    for (let i = 0; i + 1 < names.length; i += 1) count(names[i] as string, names[i + 1] as string);
  }
  for (const d of dependencies) {
    const [from, to] = [d.from.trim(), d.to.trim()];
    for (const n of [from, to]) if (!known.has(n)) rejected.add(n);
    count(from, to, d.kind);
  }
  const max = Math.max(1, ...[...counts.values()].map((c) => c.count));
  const edges: ToolEdge[] = [...counts.values()].map(({ from, to, count: n, votes }) => {
    // Normalised by the most frequent pair so the strongest proposal weighs 1.
    const score = n / max;
    const kind = majorityKind(votes);
    return { from, to, weight: score, kind, evidence: [{ kind: 'proposal', count: n, total: pairs, score, edgeKind: kind }] };
  });
  return { server: server.name, strategy: 'llm', tools: server.tools.map((t) => t.name), edges, rejected: [...rejected].sort() };
}

// Ties go to the kind listed first in EDGE_KINDS, so the result does not depend on answer order.
function majorityKind(votes: ReadonlyMap<EdgeKind, number>): EdgeKind {
  let best: EdgeKind = 'data';
  let most = 0;
  for (const kind of EDGE_KINDS) {
    const n = votes.get(kind) ?? 0;
    if (n > most) [best, most] = [kind, n];
  }
  return best;
}

/** Options of the hybrid merge. */
export interface HybridOptions {
  /** Score a model confirmation adds as evidence. */
  confirmScore: number;
  /** Factor applied to a structural edge the model rejected (0 drops it). */
  rejectFactor: number;
  /** Factor on the weight of data edges only the model proposed; its state edges, which structure cannot see, keep theirs. */
  additionFactor: number;
}

/** Defaults of mergeHybrid. */
export const DEFAULT_HYBRID_OPTIONS: HybridOptions = { confirmScore: 0.8, rejectFactor: 0, additionFactor: 0.7 };

/** Merges structural edges with model confirmations and model-proposed additions into one hybrid graph. */
export function mergeHybrid(
  structural: ToolGraph,
  confirmations: readonly EdgeConfirmation[],
  additions: ToolGraph,
  options: Partial<HybridOptions> = {},
): ToolGraph {
  const o = { ...DEFAULT_HYBRID_OPTIONS, ...options };
  const known = new Set(structural.tools);
  const verdicts = new Map(confirmations.map((c) => [`${c.from}\u0000${c.to}`, c.confirmed]));
  const edges = new Map<string, ToolEdge>();
  for (const e of structural.edges) {
    const verdict = verdicts.get(`${e.from}\u0000${e.to}`);
    const extra: EdgeEvidence[] = [];
    let weight = e.weight;
    if (verdict === true) {
      extra.push({ kind: 'llm-confirmed', score: o.confirmScore });
      weight = combine([...e.evidence, ...extra]);
    } else if (verdict === false) {
      extra.push({ kind: 'llm-rejected', score: o.rejectFactor });
      weight = e.weight * o.rejectFactor;
    }
    if (weight > 0) edges.set(`${e.from}\u0000${e.to}`, { ...e, weight, evidence: [...e.evidence, ...extra] });
  }
  addModelEdges(
    edges,
    additions,
    (from, to) => known.has(from) && known.has(to) && verdicts.get(`${from}\u0000${to}`) !== false,
    o.additionFactor,
  );
  const rejected = new Set([...structural.rejected, ...additions.rejected]);
  return {
    server: structural.server,
    strategy: 'hybrid',
    tools: structural.tools,
    edges: [...edges.values()],
    rejected: [...rejected].sort(),
  };
}

// An addition the model itself rejected as a confirmation, or naming unknown tools, is not added.
function addModelEdges(
  edges: Map<string, ToolEdge>,
  additions: ToolGraph,
  allowed: (from: string, to: string) => boolean,
  factor: number,
): void {
  for (const e of additions.edges) {
    if (!allowed(e.from, e.to)) continue;
    const key = `${e.from}\u0000${e.to}`;
    const existing = edges.get(key);
    if (existing) {
      const evidence = [...existing.evidence, ...e.evidence];
      // A state kind the model names for a data edge is kept; a kind structure found stays.
      const kind = edgeKind(existing) === 'data' ? edgeKind(e) : edgeKind(existing);
      edges.set(key, { ...existing, kind, weight: combine(evidence), evidence });
    } else {
      edges.set(key, { ...e, weight: edgeKind(e) === 'data' ? e.weight * factor : e.weight });
    }
  }
}
