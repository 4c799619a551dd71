import { createHash } from 'node:crypto';
import type { Embedder } from './llm.types';

/** Lower-cased word tokens (letters and digits, any script). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function bucket(token: string, dims: number): { index: number; sign: number } {
  const digest = createHash('md5').update(token).digest();
  return { index: digest.readUInt32LE(0) % dims, sign: (digest[4] as number) & 1 ? -1 : 1 };
}

/**
 * The local fallback when no embedding model is configured: TF-IDF over hashed word and bigram features,
 * L2-normalised, so cosine similarity ranks lexical overlap. Deterministic: without `fit` every term has idf 1;
 * `fit(corpus)` fixes document frequencies once, so vectors never depend on what else is in a batch.
 */
export class LexicalEmbedder implements Embedder {
  readonly kind = 'lexical' as const;
  private docFreq = new Map<string, number>();
  private docCount = 0;

  constructor(readonly dimensions = 512) {}

  /** Learns document frequencies from a corpus (replacing any earlier fit). */
  fit(corpus: string[]): this {
    this.docFreq = new Map();
    this.docCount = corpus.length;
    for (const doc of corpus) {
      for (const term of new Set(this.terms(doc))) this.docFreq.set(term, (this.docFreq.get(term) ?? 0) + 1);
    }
    return this;
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.vector(t));
  }

  /** The vector of one text (synchronous; `embed` wraps it to match the Embedder interface). */
  vector(text: string): number[] {
    const counts = new Map<string, number>();
    for (const term of this.terms(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
    const vec = new Array<number>(this.dimensions).fill(0);
    for (const [term, tf] of counts) {
      const idf = this.docCount === 0 ? 1 : Math.log((1 + this.docCount) / (1 + (this.docFreq.get(term) ?? 0))) + 1;
      const { index, sign } = bucket(term, this.dimensions);
      vec[index] = (vec[index] as number) + sign * (1 + Math.log(tf)) * idf;
    }
    const norm = Math.sqrt(vec.reduce((s, v) => s + v * v, 0));
    return norm === 0 ? vec : vec.map((v) => v / norm);
  }

  private terms(text: string): string[] {
    const words = tokenize(text);
    const bigrams = words.slice(1).map((w, i) => `${words[i]} ${w}`);
    return [...words, ...bigrams];
  }
}

/** Cosine similarity of two vectors of equal length. */
export function cosineSimilarity(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
