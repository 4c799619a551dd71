import { buildSimilarityIndex } from './similarity-index';

/** A deterministic pseudo-random generator (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  });
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

function vectors(count: number, dims: number, density: number, seed: number): number[][] {
  const next = random(seed);
  return Array.from({ length: count }, () => Array.from({ length: dims }, () => (next() < density ? next() * 2 - 1 : 0)));
}

describe('buildSimilarityIndex', () => {
  it.each([
    ['dense', 1, false],
    ['sparse', 0.05, true],
  ])('%s vectors: max cosine over the queries matches a direct computation', (_kind, density, sparse) => {
    const vecs = vectors(40, 64, density, 7);
    vecs.push(new Array<number>(64).fill(0)); // a zero vector has cosine 0 with everything
    const index = buildSimilarityIndex(vecs);
    expect(index.sparse).toBe(sparse);
    const out = new Float32Array(index.size);
    index.maxSimilarity([index.rowOf[3] as number, index.rowOf[17] as number], out);
    vecs.forEach((v, j) => {
      const expected = Math.max(cosine(vecs[3] as number[], v), cosine(vecs[17] as number[], v));
      expect(out[index.rowOf[j] as number]).toBeCloseTo(expected, 5);
    });
  });

  it('refuses vectors of different lengths or with non-finite numbers', () => {
    expect(() => buildSimilarityIndex([[1, 0], [1]])).toThrow('vector 1 has 1 dimensions, expected 2');
    expect(() => buildSimilarityIndex([[1, Infinity]])).toThrow('vector 0 holds a non-finite number at 1');
  });
});

describe('buildSimilarityIndex with repeated vectors', () => {
  it('stores identical vectors (after normalisation) once and maps each input to its row', () => {
    const index = buildSimilarityIndex([
      [1, 0, 0],
      [2, 0, 0],
      [0, 1, 0],
      [1, 0, 0],
    ]);
    expect(index.size).toBe(2);
    expect([...index.rowOf]).toEqual([0, 0, 1, 0]);
    const out = new Float32Array(index.size);
    index.maxSimilarity([index.rowOf[2] as number], out);
    expect([...out]).toEqual([0, 1]);
  });
});
