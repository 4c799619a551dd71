// Cosine similarity of every tool against a few query tools, without an n-by-n matrix: rows are L2-normalised
// once, then each environment's query scans all rows (dense) or walks an inverted index (sparse, used when most
// coordinates are zero, as with the hashed lexical vectors of the no-model fallback). Memory is O(n·d).

/** Share of non-zero coordinates under which the inverted index beats the dense scan. */
const SPARSE_DENSITY = 0.2;

/** Unit-length distinct rows of all tools and a way to score them against query rows. */
export interface SimilarityIndex {
  /** Distinct rows: tools with identical vectors (template-made tools often share a document) share a row. */
  readonly size: number;
  readonly sparse: boolean;
  /** The row of each input vector. */
  readonly rowOf: Int32Array;
  /** out[r] = max over `queries` (rows) of cos(query, r), for every row r (out.length === size). */
  maxSimilarity(queries: readonly number[], out: Float32Array): void;
}

/** Builds the index; throws when vectors differ in length or hold non-finite numbers. */
export function buildSimilarityIndex(vectors: readonly ArrayLike<number>[]): SimilarityIndex {
  const n = vectors.length;
  const dims = vectors[0]?.length ?? 0;
  const rows = new Float32Array(n * dims);
  vectors.forEach((vector, i) => {
    if (vector.length !== dims) throw new Error(`vector ${i} has ${vector.length} dimensions, expected ${dims}`);
    let norm = 0;
    for (let k = 0; k < dims; k++) {
      const v = vector[k] as number;
      if (!Number.isFinite(v)) throw new Error(`vector ${i} holds a non-finite number at ${k}`);
      norm += v * v;
    }
    // A zero vector stays zero: its cosine with anything is 0, as in the LLM lib's cosineSimilarity.
    const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
    for (let k = 0; k < dims; k++) rows[i * dims + k] = (vector[k] as number) * scale;
  });
  const { distinct, rowOf, size } = dedupe(rows, n, dims);
  const nonZero = countNonZero(distinct);
  const density = size * dims === 0 ? 1 : nonZero / (size * dims);
  return density < SPARSE_DENSITY ? new SparseIndex(distinct, size, dims, rowOf, nonZero) : new DenseIndex(distinct, size, dims, rowOf);
}

/** Identical normalised vectors collapse to one row (exact: a hash bucket is confirmed element by element). */
function dedupe(rows: Float32Array, n: number, dims: number): { distinct: Float32Array; rowOf: Int32Array; size: number } {
  const bits = new Uint32Array(rows.buffer, rows.byteOffset, rows.length);
  const buckets = new Map<number, number[]>();
  const rowOf = new Int32Array(n);
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    let hash = 0x811c9dc5;
    for (let k = 0; k < dims; k++) hash = Math.imul(hash ^ (bits[i * dims + k] as number), 0x01000193);
    const bucket = buckets.get(hash) ?? [];
    const same = bucket.find((r) => sameRow(rows, (kept[r] as number) * dims, i * dims, dims));
    if (same !== undefined) {
      rowOf[i] = same;
      continue;
    }
    bucket.push(kept.length);
    buckets.set(hash, bucket);
    rowOf[i] = kept.length;
    kept.push(i);
  }
  const distinct = new Float32Array(kept.length * dims);
  kept.forEach((i, r) => distinct.set(rows.subarray(i * dims, (i + 1) * dims), r * dims));
  return { distinct, rowOf, size: kept.length };
}

function sameRow(rows: Float32Array, a: number, b: number, dims: number): boolean {
  for (let k = 0; k < dims; k++) if (rows[a + k] !== rows[b + k]) return false;
  return true;
}

function countNonZero(rows: Float32Array): number {
  let count = 0;
  for (const v of rows) if (v !== 0) count++;
  return count;
}

class DenseIndex implements SimilarityIndex {
  readonly sparse = false;
  constructor(
    private readonly rows: Float32Array,
    readonly size: number,
    private readonly dims: number,
    readonly rowOf: Int32Array,
  ) {}

  maxSimilarity(queries: readonly number[], out: Float32Array): void {
    out.fill(-Infinity);
    const { rows, dims } = this;
    // Rows outer, queries inner: each row is read from memory once per call, not once per query.
    for (let j = 0; j < this.size; j++) {
      const jo = j * dims;
      for (let qi = 0; qi < queries.length; qi++) {
        const qo = (queries[qi] as number) * dims;
        let dot = 0;
        let k = 0;
        // Four accumulators let the JIT overlap the multiply-adds.
        let d1 = 0;
        let d2 = 0;
        let d3 = 0;
        for (; k + 3 < dims; k += 4) {
          dot += (rows[qo + k] as number) * (rows[jo + k] as number);
          d1 += (rows[qo + k + 1] as number) * (rows[jo + k + 1] as number);
          d2 += (rows[qo + k + 2] as number) * (rows[jo + k + 2] as number);
          d3 += (rows[qo + k + 3] as number) * (rows[jo + k + 3] as number);
        }
        for (; k < dims; k++) dot += (rows[qo + k] as number) * (rows[jo + k] as number);
        const sim = dot + d1 + d2 + d3;
        if (sim > (out[j] as number)) out[j] = sim;
      }
    }
  }
}

class SparseIndex implements SimilarityIndex {
  readonly sparse = true;
  /** Postings per dimension: rows with a non-zero there (ascending) and their values. */
  private readonly postStart: Int32Array;
  private readonly postRow: Int32Array;
  private readonly postValue: Float32Array;
  private readonly scratch: Float32Array;

  constructor(
    private readonly rows: Float32Array,
    readonly size: number,
    private readonly dims: number,
    readonly rowOf: Int32Array,
    nonZero: number,
  ) {
    this.postStart = new Int32Array(dims + 1);
    for (let i = 0; i < rows.length; i++) if (rows[i] !== 0) (this.postStart[(i % dims) + 1] as number)++;
    for (let k = 0; k < dims; k++) this.postStart[k + 1] = (this.postStart[k + 1] as number) + (this.postStart[k] as number);
    this.postRow = new Int32Array(nonZero);
    this.postValue = new Float32Array(nonZero);
    const fill = this.postStart.slice(0, dims);
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i] as number;
      if (v === 0) continue;
      const k = i % dims;
      const at = fill[k] as number;
      this.postRow[at] = Math.floor(i / dims);
      this.postValue[at] = v;
      fill[k] = at + 1;
    }
    this.scratch = new Float32Array(size);
  }

  maxSimilarity(queries: readonly number[], out: Float32Array): void {
    out.fill(-Infinity);
    const { rows, dims, postStart, postRow, postValue, scratch } = this;
    for (const q of queries) {
      scratch.fill(0);
      for (let k = 0; k < dims; k++) {
        const qv = rows[q * dims + k] as number;
        if (qv === 0) continue;
        const end = postStart[k + 1] as number;
        for (let p = postStart[k] as number; p < end; p++) {
          const j = postRow[p] as number;
          scratch[j] = (scratch[j] as number) + qv * (postValue[p] as number);
        }
      }
      for (let j = 0; j < this.size; j++) if ((scratch[j] as number) > (out[j] as number)) out[j] = scratch[j] as number;
    }
  }
}
