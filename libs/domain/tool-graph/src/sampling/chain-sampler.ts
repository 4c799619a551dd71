// Chain sampling over a compiled graph: weighted random walks and bounded exhaustive enumeration.

import { ToolGraph } from '../tool-graph.types';
import { RandomSource } from './prng.util';

/** A graph in compressed sparse rows: successors of node u are targets[offsets[u] .. offsets[u+1]). */
export interface CompiledGraph {
  names: string[];
  offsets: Int32Array;
  targets: Int32Array;
  /** Running sum of edge weights within each node's row, for binary-search sampling. */
  cumulative: Float64Array;
  /** Nodes with at least one successor: the only useful starting points. */
  starts: Int32Array;
}

/** Bounds and caps of sampling; lengths count tools. */
export interface SamplingOptions {
  minLength: number;
  maxLength: number;
  allowCycles: boolean;
  maxChains: number;
  /** Walks to try before giving up on reaching maxChains distinct chains. */
  maxAttempts: number;
}

/** Defaults: chains of 2 to 5 tools, acyclic, at most 50 per server. */
export const DEFAULT_SAMPLING_OPTIONS: SamplingOptions = {
  minLength: 2,
  maxLength: 5,
  allowCycles: false,
  maxChains: 50,
  maxAttempts: 1000,
};

/** Builds the adjacency arrays once so walks allocate nothing per step. Edges with weight <= 0 are dropped. */
export function compileGraph(graph: ToolGraph): CompiledGraph {
  const index = new Map(graph.tools.map((t, i) => [t, i]));
  const n = graph.tools.length;
  const rows: { to: number; w: number }[][] = Array.from({ length: n }, () => []);
  for (const e of graph.edges) {
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from === undefined || to === undefined || !(e.weight > 0)) continue;
    rows[from]?.push({ to, w: e.weight });
  }
  const offsets = new Int32Array(n + 1);
  rows.forEach((r, i) => (offsets[i + 1] = (offsets[i] ?? 0) + r.length));
  const total = offsets[n] ?? 0;
  const targets = new Int32Array(total);
  const cumulative = new Float64Array(total);
  const starts: number[] = [];
  rows.forEach((r, u) => {
    let k = offsets[u] ?? 0;
    let sum = 0;
    if (r.length > 0) starts.push(u);
    for (const { to, w } of r) {
      sum += w;
      targets[k] = to;
      cumulative[k] = sum;
      k += 1;
    }
  });
  return { names: graph.tools.slice(), offsets, targets, cumulative, starts: Int32Array.from(starts) };
}

/** Reusable scratch space for walks; one per sampler call, never per step. */
class WalkScratch {
  readonly path: Int32Array;
  readonly seen: Int32Array;
  stamp = 0;

  constructor(nodes: number, maxLength: number) {
    this.path = new Int32Array(maxLength);
    this.seen = new Int32Array(nodes);
  }
}

function pickSuccessor(g: CompiledGraph, u: number, rng: RandomSource, s: WalkScratch, acyclic: boolean): number {
  const lo = g.offsets[u] ?? 0;
  const hi = g.offsets[u + 1] ?? 0;
  if (hi <= lo) return -1;
  const total = g.cumulative[hi - 1] ?? 0;
  // A few weighted draws almost always find an unvisited successor; the masked scan below is the fallback.
  for (let tries = 0; tries < 4; tries += 1) {
    const v = g.targets[searchRow(g.cumulative, lo, hi, rng.next() * total)] ?? -1;
    if (!acyclic || s.seen[v] !== s.stamp) return v;
  }
  return maskedPick(g, lo, hi, rng, s);
}

function searchRow(cum: Float64Array, lo: number, hi: number, r: number): number {
  let a = lo;
  let b = hi - 1;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((cum[mid] ?? 0) > r) b = mid;
    else a = mid + 1;
  }
  return a;
}

function maskedPick(g: CompiledGraph, lo: number, hi: number, rng: RandomSource, s: WalkScratch): number {
  let free = 0;
  for (let k = lo; k < hi; k += 1) {
    if (s.seen[g.targets[k] ?? 0] !== s.stamp) free += weightAt(g.cumulative, lo, k);
  }
  if (free <= 0) return -1;
  let r = rng.next() * free;
  for (let k = lo; k < hi; k += 1) {
    const v = g.targets[k] ?? 0;
    if (s.seen[v] === s.stamp) continue;
    r -= weightAt(g.cumulative, lo, k);
    if (r < 0) return v;
  }
  return -1;
}

function weightAt(cum: Float64Array, lo: number, k: number): number {
  return (cum[k] ?? 0) - (k > lo ? (cum[k - 1] ?? 0) : 0);
}

/** One walk into scratch.path; returns its length (0 when the graph has no starting point). */
function walk(g: CompiledGraph, o: SamplingOptions, rng: RandomSource, s: WalkScratch): number {
  if (g.starts.length === 0) return 0;
  s.stamp += 1;
  const target = o.minLength + Math.floor(rng.next() * (o.maxLength - o.minLength + 1));
  let u = g.starts[Math.floor(rng.next() * g.starts.length)] ?? 0;
  let len = 0;
  for (;;) {
    s.path[len] = u;
    s.seen[u] = s.stamp;
    len += 1;
    if (len >= target) return len;
    const v = pickSuccessor(g, u, rng, s, !o.allowCycles);
    if (v < 0) return len;
    u = v;
  }
}

/** Weighted, length-bounded, deduplicated random walks; the same seeded RandomSource gives the same chains. */
export function sampleChains(g: CompiledGraph, rng: RandomSource, options: Partial<SamplingOptions> = {}): string[][] {
  const o = { ...DEFAULT_SAMPLING_OPTIONS, ...options };
  if (o.minLength < 1 || o.maxLength < o.minLength) throw new RangeError('need 1 <= minLength <= maxLength');
  const scratch = new WalkScratch(g.names.length, o.maxLength);
  const seen = new Set<string>();
  const chains: string[][] = [];
  for (let attempt = 0; attempt < o.maxAttempts && chains.length < o.maxChains; attempt += 1) {
    const len = walk(g, o, rng, scratch);
    if (len < o.minLength) continue;
    const key = scratch.path.subarray(0, len).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    chains.push(Array.from(scratch.path.subarray(0, len), (i) => g.names[i] as string));
  }
  return chains;
}

/** Every simple path with minLength..maxLength tools, depth-first in edge order, stopping at maxChains. */
export function enumerateChains(g: CompiledGraph, options: Partial<SamplingOptions> = {}): string[][] {
  const o = { ...DEFAULT_SAMPLING_OPTIONS, ...options };
  const out: string[][] = [];
  const path: number[] = [];
  const onPath = new Uint8Array(g.names.length);
  const visit = (u: number): void => {
    if (out.length >= o.maxChains) return;
    path.push(u);
    onPath[u] = 1;
    if (path.length >= o.minLength) out.push(path.map((i) => g.names[i] as string));
    if (path.length < o.maxLength) {
      for (let k = g.offsets[u] ?? 0; k < (g.offsets[u + 1] ?? 0) && out.length < o.maxChains; k += 1) {
        const v = g.targets[k] ?? 0;
        if (!onPath[v]) visit(v);
      }
    }
    path.pop();
    onPath[u] = 0;
  };
  for (let u = 0; u < g.names.length && out.length < o.maxChains; u += 1) visit(u);
  return out;
}
