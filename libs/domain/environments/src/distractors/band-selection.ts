// Picking at most M candidates of a band without sorting the band and without allocating per candidate (an
// environment has thousands of candidates, a run thousands of environments): a small best-first list in typed
// arrays for the high and medium bands, and evenly spaced bins for the low band (so low distractors cover the
// whole range instead of all sitting just under the medium threshold).

/** One picked candidate: its row in the canonical tool order and its normalised similarity. */
export interface Candidate {
  readonly row: number;
  readonly similarity: number;
}

/**
 * Keeps the `capacity` best (row, key) pairs seen, best first: higher key first, equal keys by lower row (the
 * canonical order, so ties break the same way on every run). Each pair also carries the similarity to report.
 */
export class TopK {
  private readonly rows: Int32Array;
  private readonly keys: Float64Array;
  private readonly sims: Float64Array;
  private count = 0;

  constructor(readonly capacity: number) {
    this.rows = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
    this.sims = new Float64Array(capacity);
  }

  offer(row: number, key: number, similarity: number): void {
    const { rows, keys, sims, capacity } = this;
    if (capacity === 0) return;
    if (this.count === capacity && !TopK.before(key, row, keys[capacity - 1] as number, rows[capacity - 1] as number)) return;
    let at = Math.min(this.count, capacity - 1);
    // Shift worse entries down one place (the last one drops out when full).
    while (at > 0 && TopK.before(key, row, keys[at - 1] as number, rows[at - 1] as number)) {
      rows[at] = rows[at - 1] as number;
      keys[at] = keys[at - 1] as number;
      sims[at] = sims[at - 1] as number;
      at--;
    }
    rows[at] = row;
    keys[at] = key;
    sims[at] = similarity;
    if (this.count < capacity) this.count++;
  }

  /** The kept candidates, best first. */
  toArray(): Candidate[] {
    return Array.from({ length: this.count }, (_, i) => ({ row: this.rows[i] as number, similarity: this.sims[i] as number }));
  }

  private static before(key: number, row: number, otherKey: number, otherRow: number): boolean {
    return key > otherKey || (key === otherKey && row < otherRow);
  }
}

/** More similar first; equal similarity: earlier canonical row first. */
export function bySimilarity(a: Candidate, b: Candidate): number {
  return b.similarity - a.similarity || a.row - b.row;
}

/**
 * Up to `capacity` candidates spread over [0, upper): the range is cut into `capacity` equal bins; each bin ranks
 * its members by closeness to the bin's centre; picks go round-robin over the bins (every bin's closest first),
 * so empty bins leave their slots to crowded ones. Result: most similar first.
 */
export class SpreadSelector {
  private readonly bins: TopK[];

  constructor(
    private readonly capacity: number,
    private readonly upper: number,
  ) {
    this.bins = Array.from({ length: capacity }, () => new TopK(capacity));
  }

  offer(row: number, similarity: number): void {
    if (this.capacity === 0) return;
    const width = this.upper / this.capacity;
    const bin = Math.min(this.capacity - 1, Math.max(0, Math.floor(similarity / width)));
    const centre = (bin + 0.5) * width;
    this.bins[bin]?.offer(row, -Math.abs(similarity - centre), similarity);
  }

  toArray(): Candidate[] {
    const ranked = this.bins.map((b) => b.toArray());
    const picked: Candidate[] = [];
    for (let rank = 0; rank < this.capacity && picked.length < this.capacity; rank++) {
      for (const bin of ranked) {
        const item = bin[rank];
        if (item !== undefined && picked.length < this.capacity) picked.push(item);
      }
    }
    return picked.sort(bySimilarity);
  }
}
