// IDF-weighted token bags: rare words on a server (entity names) count more than words every tool uses.

/** A bag of tokens with their weights. */
export type TokenBag = Map<string, number>;

/** Document frequencies over one server's tools; idf() is smoothed so no token weighs zero. */
export class IdfIndex {
  private readonly df = new Map<string, number>();
  private docs = 0;

  /** Counts each distinct token of one document (one tool) once. */
  addDocument(tokens: Iterable<string>): void {
    this.docs += 1;
    for (const t of new Set(tokens)) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  /** Smoothed inverse document frequency. */
  idf(token: string): number {
    return Math.log((this.docs + 1) / ((this.df.get(token) ?? 0) + 1)) + 1;
  }

  /** Fraction of documents that contain the token. */
  share(token: string): number {
    return this.docs === 0 ? 0 : (this.df.get(token) ?? 0) / this.docs;
  }
}

/** Adds tokens to a bag with a multiplier (e.g. names count double against descriptions). */
export function addToBag(bag: TokenBag, tokens: readonly string[], weight: number): TokenBag {
  for (const t of tokens) bag.set(t, (bag.get(t) ?? 0) + weight);
  return bag;
}

/** Applies IDF weights and returns the bag with its Euclidean norm precomputed. */
export function weighBag(bag: TokenBag, index: IdfIndex): WeightedBag {
  const weights = new Map<string, number>();
  let sq = 0;
  for (const [t, tf] of bag) {
    const w = tf * index.idf(t);
    weights.set(t, w);
    sq += w * w;
  }
  return { weights, norm: Math.sqrt(sq) };
}

/** A token bag after IDF weighting. */
export interface WeightedBag {
  weights: Map<string, number>;
  norm: number;
}

/** Cosine similarity of two weighted bags, in [0, 1]. */
export function cosine(a: WeightedBag, b: WeightedBag): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const [small, large] = a.weights.size <= b.weights.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small.weights) {
    const other = large.weights.get(t);
    if (other !== undefined) dot += w * other;
  }
  return dot / (a.norm * b.norm);
}
