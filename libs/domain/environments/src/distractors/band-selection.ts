// Picking at most M candidates of a band without sorting the band: a small best-first list for the high and
// medium bands, and evenly spaced bins for the low band (so low distractors cover the whole range instead of all
// sitting just under the medium threshold).

/** One candidate: its row in the canonical tool order (the tie-break) and its normalised similarity. */
export interface Candidate {
  readonly row: number;
  readonly similarity: number;
}

/** More similar first; equal similarity: earlier canonical row first. */
export function moreSimilar(a: Candidate, b: Candidate): boolean {
  return a.similarity > b.similarity || (a.similarity === b.similarity && a.row < b.row);
}

/** Keeps the best `capacity` items seen, best first, by a strict "is better" order. */
export class BoundedBest<T> {
  private readonly items: T[] = [];

  constructor(
    private readonly capacity: number,
    private readonly better: (a: T, b: T) => boolean,
  ) {}

  offer(item: T): void {
    if (this.capacity === 0) return;
    const last = this.items[this.items.length - 1];
    if (this.items.length === this.capacity && last !== undefined && !this.better(item, last)) return;
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.better(this.items[mid] as T, item)) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, item);
    if (this.items.length > this.capacity) this.items.pop();
  }

  /** The kept items, best first. */
  toArray(): T[] {
    return [...this.items];
  }
}

/**
 * Up to `capacity` candidates spread over [0, upper): the range is cut into `capacity` equal bins; each bin ranks
 * its members by closeness to the bin's centre; picks go round-robin over the bins (every bin's closest first),
 * so empty bins leave their slots to crowded ones. Result: most similar first.
 */
export class SpreadSelector {
  private readonly bins: BoundedBest<Candidate & { distance: number }>[];

  constructor(
    private readonly capacity: number,
    private readonly upper: number,
  ) {
    const closer = (a: Candidate & { distance: number }, b: Candidate & { distance: number }): boolean =>
      a.distance < b.distance || (a.distance === b.distance && a.row < b.row);
    this.bins = Array.from({ length: capacity }, () => new BoundedBest(capacity, closer));
  }

  offer(candidate: Candidate): void {
    if (this.capacity === 0) return;
    const width = this.upper / this.capacity;
    const bin = Math.min(this.capacity - 1, Math.max(0, Math.floor(candidate.similarity / width)));
    const centre = (bin + 0.5) * width;
    this.bins[bin]?.offer({ ...candidate, distance: Math.abs(candidate.similarity - centre) });
  }

  toArray(): Candidate[] {
    const ranked = this.bins.map((b) => b.toArray());
    const picked: Candidate[] = [];
    for (let rank = 0; rank < this.capacity && picked.length < this.capacity; rank++) {
      for (const bin of ranked) {
        const item = bin[rank];
        if (item !== undefined && picked.length < this.capacity) picked.push({ row: item.row, similarity: item.similarity });
      }
    }
    return picked.sort((a, b) => (moreSimilar(a, b) ? -1 : moreSimilar(b, a) ? 1 : 0));
  }
}
