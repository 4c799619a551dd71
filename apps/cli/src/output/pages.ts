/** What every paginated RPC answers: its items and, while more follow, the cursor of the next page. */
export interface PageAnswer {
  readonly nextCursor?: string;
}

/**
 * Follows a paginated RPC from the first page (or the page after `from`) to the last, or until `max` items are in,
 * and returns the first answer with every item collected. `fetch` asks for one page of at most `limit` items.
 */
export async function collectPages<P extends PageAnswer, T>(
  fetch: (cursor: string | undefined, limit: number | undefined) => Promise<P>,
  itemsOf: (answer: P) => readonly T[],
  options: { max?: number; from?: string; pageSize?: number } = {},
): Promise<{ first: P; items: T[] }> {
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const limitFor = (have: number) => (Number.isFinite(max) ? Math.min(options.pageSize ?? 1000, max - have) : options.pageSize);
  const first = await fetch(options.from, limitFor(0));
  const items = [...itemsOf(first)];
  let cursor = first.nextCursor;
  while (cursor !== undefined && items.length < max) {
    const page = await fetch(cursor, limitFor(items.length));
    items.push(...itemsOf(page));
    cursor = page.nextCursor;
  }
  return { first, items: items.slice(0, max) };
}
