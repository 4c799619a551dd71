// Cosine similarity of every tool against a few query tools, without an n-by-n matrix: rows are L2-normalised
// once, then each environment's query scans all rows (dense) or walks an inverted index (sparse, used when most
// coordinates are zero, as with the hashed lexical vectors of the no-model fallback). Memory is O(n·d).

/** Share of non-zero coordinates under which the inverted index beats the dense scan. */
const SPARSE_DENSITY = 0.2;

/** Unit-length rows of all tools and a way to score them against query rows. */
export interface SimilarityIndex {
  readonly size: number;
  readonly sparse: boolean;
  /** out[j] = max over `queries` of cos(query, j), for every row j (out.length === size). */
  maxSimilarity(queries: readonly number[], out: Float32Array): void;
}

/** Builds the index; throws when vectors differ in length or hold non-finite numbers. */
export function buildSimilarityIndex(vectors: readonly ArrayLike<number>[]): SimilarityIndex {
  const n = vectors.length;
  const dims = vectors[0]?.length ?? 0;
  const rows = new Float32Array(n * dims);
  let nonZero = 0;
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
    for (let k = 0; k < dims; k++) {
      const v = (vector[k] as number) * scale;
      rows[i * dims + k] = v;
      if (v !== 0) nonZero++;
    }
  });
  const density = n * dims === 0 ? 1 : nonZero / (n * dims);
  return density < SPARSE_DENSITY ? new SparseIndex(rows, n, dims, nonZero) : new DenseIndex(rows, n, dims);
}

class DenseIndex implements SimilarityIndex {
  readonly sparse = false;
  constructor(
    private readonly rows: Float32Array,
    readonly size: number,
    private readonly dims: number,
  ) {}

  maxSimilarity(queries: readonly number[], out: Float32Array): void {
    out.fill(-Infinity);
    const { rows, dims } = this;
    for (const q of queries) {
      const qo = q * dims;
      for (let j = 0; j < this.size; j++) {
        const jo = j * dims;
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
