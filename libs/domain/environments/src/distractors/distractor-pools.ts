import type { DistractorPools, DistractorRef } from '@astra/contracts';
import { type Candidate, SpreadSelector, TopK } from './band-selection';
import { buildSimilarityIndex, type SimilarityIndex } from './similarity-index';

/** One environment as distractor selection sees it: its domain and a vector per tool (of `toolDocument`). */
export interface DistractorSource {
  readonly id: string;
  readonly domain: string;
  readonly tools: readonly { readonly name: string; readonly vector: ArrayLike<number> }[];
}

/** How pools are computed: the vectors' origin (recorded in the pools) and the most tools kept per band. */
export interface DistractorOptions {
  readonly method: DistractorPools['method'];
  readonly perBand: number;
  /**
   * Compute pools only for these environments (candidates still come from all): to add pools for new
   * environments without recomputing old ones, or to shard one run over several workers.
   */
  readonly only?: readonly string[];
}

/** Band thresholds over min-max normalised similarity (the ASTRA paper's values). */
export const DISTRACTOR_BANDS = { high: 0.85, low: 0.4 } as const;

interface Flat {
  /** Canonical order: environments by id, tools by name; index = row. */
  envIds: string[];
  envDomain: Int32Array;
  rowEnv: Int32Array;
  rowName: Int32Array;
  names: string[];
  vectors: ArrayLike<number>[];
  envRows: number[][];
}

/**
 * Distractor pools for every environment: tools of environments in other domains (same domain excluded, and any
 * tool named like one of the environment's own), scored by the max cosine to the environment's tools, min-max
 * normalised over its candidates, banded high (> 0.85), medium (0.4 to 0.85) and low (< 0.4), at most
 * `perBand` per band. A pool never offers two tools of one name (the most similar one stands for the name).
 * Deterministic: the result does not depend on the order of the input.
 */
export function computeDistractorPools(sources: readonly DistractorSource[], options: DistractorOptions): Map<string, DistractorPools> {
  if (!Number.isInteger(options.perBand) || options.perBand < 0)
    throw new Error(`perBand must be a whole number >= 0, got ${options.perBand}`);
  const flat = flatten(sources);
  const scan = new CandidateScan(flat, buildSimilarityIndex(flat.vectors));
  const pools = new Map<string, DistractorPools>();
  const only = options.only === undefined ? undefined : new Set(options.only);
  const ref = (row: number): Omit<DistractorRef, 'similarity'> => ({
    environmentId: flat.envIds[flat.rowEnv[row] as number] as string,
    tool: flat.names[flat.rowName[row] as number] as string,
  });
  flat.envIds.forEach((envId, e) => {
    if (only === undefined || only.has(envId)) pools.set(envId, band(scan.candidates(e), options, ref));
  });
  return pools;
}

/** Scratch space reused across environments, so scoring one allocates nothing in proportion to the tools. */
class CandidateScan {
  private readonly sims: Float32Array;
  private readonly rowDomain: Int32Array;
  private readonly ownName: Uint8Array;
  private readonly bestSim: Float32Array;
  private readonly bestRow: Int32Array;
  private readonly candRow: Int32Array;
  private readonly candSim: Float32Array;

  constructor(
    private readonly flat: Flat,
    private readonly index: SimilarityIndex,
  ) {
    const names = flat.names.length;
    this.sims = new Float32Array(index.size);
    this.rowDomain = flat.rowEnv.map((e) => flat.envDomain[e] as number);
    this.ownName = new Uint8Array(names);
    this.bestSim = new Float32Array(names);
    this.bestRow = new Int32Array(names);
    this.candRow = new Int32Array(names);
    this.candSim = new Float32Array(names);
  }

  /** Environment e's candidates (other domain, not named like its tools), one per name: the most similar. */
  candidates(e: number): { rows: Int32Array; sims: Float32Array } {
    const { flat, sims, rowDomain, ownName, bestSim, bestRow } = this;
    const own = flat.envRows[e] as number[];
    if (own.length === 0) return { rows: new Int32Array(0), sims: new Float32Array(0) };
    const rowOf = this.index.rowOf;
    this.index.maxSimilarity(
      own.map((r) => rowOf[r] as number),
      sims,
    );
    for (const r of own) ownName[flat.rowName[r] as number] = 1;
    const domain = flat.envDomain[e] as number;
    bestRow.fill(-1);
    for (let j = 0; j < rowDomain.length; j++) {
      const name = flat.rowName[j] as number;
      if (rowDomain[j] === domain || ownName[name] === 1) continue;
      const sim = sims[rowOf[j] as number] as number;
      // Tools ascend in canonical order, so on equal similarity the earlier tool keeps the name.
      if (bestRow[name] === -1 || sim > (bestSim[name] as number)) {
        bestRow[name] = j;
        bestSim[name] = sim;
      }
    }
    for (const r of own) ownName[flat.rowName[r] as number] = 0;
    let count = 0;
    for (let name = 0; name < bestRow.length; name++) {
      if (bestRow[name] === -1) continue;
      this.candRow[count] = bestRow[name] as number;
      this.candSim[count++] = bestSim[name] as number;
    }
    return { rows: this.candRow.subarray(0, count), sims: this.candSim.subarray(0, count) };
  }
}

function band(
  candidates: { rows: Int32Array; sims: Float32Array },
  options: DistractorOptions,
  ref: (row: number) => Omit<DistractorRef, 'similarity'>,
): DistractorPools {
  let min = Infinity;
  let max = -Infinity;
  for (const sim of candidates.sims) {
    if (sim < min) min = sim;
    if (sim > max) max = sim;
  }
  // One candidate, or all equally similar: nothing is relatively similar, so all of them are low.
  const range = max - min;
  const high = new TopK(options.perBand);
  const medium = new TopK(options.perBand);
  const low = new SpreadSelector(options.perBand, DISTRACTOR_BANDS.low);
  candidates.rows.forEach((row, i) => {
    const sim = candidates.sims[i] as number;
    const similarity = range > 0 ? Math.min(1, Math.max(0, (sim - min) / range)) : 0;
    if (similarity > DISTRACTOR_BANDS.high) high.offer(row, similarity, similarity);
    else if (similarity >= DISTRACTOR_BANDS.low) medium.offer(row, similarity, similarity);
    else low.offer(row, similarity);
  });
  const refs = (list: Candidate[]): DistractorRef[] => list.map((c) => ({ ...ref(c.row), similarity: c.similarity }));
  return { method: options.method, high: refs(high.toArray()), medium: refs(medium.toArray()), low: refs(low.toArray()) };
}

function flatten(sources: readonly DistractorSource[]): Flat {
  const byId = new Map<string, DistractorSource>();
  for (const s of sources) {
    if (byId.has(s.id)) throw new Error(`environment ${s.id} is listed twice`);
    byId.set(s.id, s);
  }
  const envIds = [...byId.keys()].sort();
  const domainIds = new Map<string, number>();
  const nameIds = new Map<string, number>();
  const intern = (map: Map<string, number>, key: string): number => {
    const known = map.get(key);
    if (known !== undefined) return known;
    map.set(key, map.size);
    return map.size - 1;
  };
  const envDomain = new Int32Array(envIds.length);
  const rowEnv: number[] = [];
  const rowName: number[] = [];
  const vectors: ArrayLike<number>[] = [];
  const envRows: number[][] = [];
  envIds.forEach((id, e) => {
    const source = byId.get(id) as DistractorSource;
    // Domains compare without case or surrounding space: "Finance " and "finance" are one domain.
    envDomain[e] = intern(domainIds, source.domain.trim().toLowerCase());
    const tools = [...source.tools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    envRows.push(
      tools.map((tool) => {
        rowEnv.push(e);
        rowName.push(intern(nameIds, tool.name));
        vectors.push(tool.vector);
        return vectors.length - 1;
      }),
    );
  });
  return {
    envIds,
    envDomain,
    rowEnv: Int32Array.from(rowEnv),
    rowName: Int32Array.from(rowName),
    names: [...nameIds.keys()],
    vectors,
    envRows,
  };
}
