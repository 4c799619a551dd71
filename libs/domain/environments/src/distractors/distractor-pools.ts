import type { DistractorPools, DistractorRef } from '@astra/contracts';
import { BoundedBest, type Candidate, moreSimilar, SpreadSelector } from './band-selection';
import { buildSimilarityIndex } from './similarity-index';

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
  const index = buildSimilarityIndex(flat.vectors);
  const sims = new Float32Array(index.size);
  const bestSim = new Float32Array(flat.names.length);
  const bestRow = new Int32Array(flat.names.length);
  const pools = new Map<string, DistractorPools>();
  flat.envIds.forEach((envId, e) => {
    const own = flat.envRows[e] as number[];
    if (own.length === 0) {
      pools.set(envId, { method: options.method, high: [], medium: [], low: [] });
      return;
    }
    index.maxSimilarity(own, sims);
    const ownNames = new Set(own.map((r) => flat.rowName[r] as number));
    const domain = flat.envDomain[e] as number;
    bestRow.fill(-1);
    for (let j = 0; j < index.size; j++) {
      const name = flat.rowName[j] as number;
      if (flat.envDomain[flat.rowEnv[j] as number] === domain || ownNames.has(name)) continue;
      // Rows ascend in canonical order, so on equal similarity the earlier row keeps the name.
      if (bestRow[name] === -1 || (sims[j] as number) > (bestSim[name] as number)) {
        bestRow[name] = j;
        bestSim[name] = sims[j] as number;
      }
    }
    const candidates: Candidate[] = [];
    bestRow.forEach((row, name) => {
      if (row !== -1) candidates.push({ row, similarity: bestSim[name] as number });
    });
    pools.set(
      envId,
      band(candidates, options, (row) => ({
        environmentId: flat.envIds[flat.rowEnv[row] as number] as string,
        tool: flat.names[flat.rowName[row] as number] as string,
      })),
    );
  });
  return pools;
}

function band(
  candidates: Candidate[],
  options: DistractorOptions,
  ref: (row: number) => Omit<DistractorRef, 'similarity'>,
): DistractorPools {
  let min = Infinity;
  let max = -Infinity;
  for (const c of candidates) {
    if (c.similarity < min) min = c.similarity;
    if (c.similarity > max) max = c.similarity;
  }
  // One candidate, or all equally similar: nothing is relatively similar, so all of them are low.
  const range = max - min;
  const high = new BoundedBest<Candidate>(options.perBand, moreSimilar);
  const medium = new BoundedBest<Candidate>(options.perBand, moreSimilar);
  const low = new SpreadSelector(options.perBand, DISTRACTOR_BANDS.low);
  for (const c of candidates) {
    const similarity = range > 0 ? Math.min(1, Math.max(0, (c.similarity - min) / range)) : 0;
    const normalised = { row: c.row, similarity };
    if (similarity > DISTRACTOR_BANDS.high) high.offer(normalised);
    else if (similarity >= DISTRACTOR_BANDS.low) medium.offer(normalised);
    else low.offer(normalised);
  }
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
