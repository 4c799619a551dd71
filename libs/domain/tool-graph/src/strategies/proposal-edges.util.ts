// Pure halves of the LLM and hybrid strategies: the service asks the model, these functions turn answers into graphs.

import { ChainProposal, EdgeConfirmation, EdgeEvidence, ToolEdge, ToolGraph, ToolServer } from '../tool-graph.types';
import { combine } from './structural.strategy';

/** Builds a graph from model-proposed chains: each consecutive pair is an edge weighted by how often it was proposed. */
export function edgesFromProposals(server: ToolServer, proposals: readonly ChainProposal[]): ToolGraph {
  const known = new Set(server.tools.map((t) => t.name));
  const rejected = new Set<string>();
  const counts = new Map<string, { from: string; to: string; count: number }>();
  let pairs = 0;
  for (const proposal of proposals) {
    const names = proposal.tools.map((n) => n.trim());
    for (const n of names) if (!known.has(n)) rejected.add(n);
    for (let i = 0; i + 1 < names.length; i += 1) {
      const from = names[i] as string;
      const to = names[i + 1] as string;
      // An unknown name breaks the chain at that point rather than inventing an edge around it.
      if (!known.has(from) || !known.has(to) || from === to) continue;
      pairs += 1;
      const key = `${from}\u0000${to}`;
      const entry = counts.get(key) ?? { from, to, count: 0 };
      entry.count += 1;
      counts.set(key, entry);
    }
  }
  const max = Math.max(1, ...[...counts.values()].map((c) => c.count));
  const edges: ToolEdge[] = [...counts.values()].map(({ from, to, count }) => {
    // Normalised by the most frequent pair so the strongest proposal weighs 1.
    const score = count / max;
    return { from, to, weight: score, evidence: [{ kind: 'proposal', count, total: pairs, score }] };
  });
  return { server: server.name, strategy: 'llm', tools: server.tools.map((t) => t.name), edges, rejected: [...rejected].sort() };
}

/** Options of the hybrid merge. */
export interface HybridOptions {
  /** Score a model confirmation adds as evidence. */
  confirmScore: number;
  /** Factor applied to a structural edge the model rejected (0 drops it). */
  rejectFactor: number;
  /** Factor on the weight of edges only the model proposed. */
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
      edges.set(key, { ...existing, weight: combine(evidence), evidence });
    } else {
      edges.set(key, { ...e, weight: e.weight * factor });
    }
  }
}
