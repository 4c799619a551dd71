/** Jaccard similarity at or above which two tasks are near-duplicates. */
export const NEAR_DUPLICATE_THRESHOLD = 0.8;

/** Shingle width in tokens (word 3-grams; shorter texts use their whole token list as one shingle). */
const SHINGLE = 3;

/** Lower-cased word tokens (letters and digits of any script). */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The set of token shingles of a text. */
export function shingles(text: string, width = SHINGLE): Set<string> {
  const words = tokens(text);
  const out = new Set<string>();
  if (words.length === 0) return out;
  if (words.length < width) {
    out.add(words.join(' '));
    return out;
  }
  for (let i = 0; i + width <= words.length; i += 1) out.add(words.slice(i, i + width).join(' '));
  return out;
}

/** Jaccard similarity of two sets (1 for two empty sets). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const s of small) if (large.has(s)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/**
 * The kept texts of a job, for near-duplicate checks (shingles + Jaccard). An inverted index from shingle to texts
 * keeps a check proportional to the candidates sharing a shingle, not to the whole job.
 */
export class NearDuplicateIndex {
  private readonly kept: Set<string>[] = [];
  private readonly byShingle = new Map<string, number[]>();

  constructor(private readonly threshold = NEAR_DUPLICATE_THRESHOLD) {}

  get size(): number {
    return this.kept.length;
  }

  /** The highest similarity of the text to a kept one (0 when none shares a shingle). */
  similarity(text: string): number {
    const own = shingles(text);
    const candidates = new Set<number>();
    for (const s of own) for (const i of this.byShingle.get(s) ?? []) candidates.add(i);
    let best = 0;
    for (const i of candidates) {
      const other = this.kept[i];
      if (other) best = Math.max(best, jaccard(own, other));
    }
    return best;
  }

  /** Whether the text is a near-duplicate of a kept one. */
  isDuplicate(text: string): boolean {
    return this.similarity(text) >= this.threshold;
  }

  /** Keeps a text (no check). */
  add(text: string): void {
    const own = shingles(text);
    const index = this.kept.length;
    this.kept.push(own);
    for (const s of own) {
      const list = this.byShingle.get(s);
      if (list) list.push(index);
      else this.byShingle.set(s, [index]);
    }
  }

  /** Keeps the text unless it is a near-duplicate; true when it was kept. */
  offer(text: string): boolean {
    if (this.isDuplicate(text)) return false;
    this.add(text);
    return true;
  }
}
