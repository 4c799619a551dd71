import { collectPages } from './pages';

/** A paginated listing of 0..n-1 served `size` at a time, recording what it was asked. */
function listing(n: number, size: number) {
  const asked: { cursor?: string; limit?: number }[] = [];
  const fetch = async (cursor: string | undefined, limit: number | undefined) => {
    asked.push({ ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) });
    const start = cursor === undefined ? 0 : Number(cursor);
    const end = Math.min(n, start + Math.min(size, limit ?? size));
    const items = Array.from({ length: end - start }, (_, i) => start + i);
    return end < n ? { items, nextCursor: String(end) } : { items };
  };
  return { asked, fetch };
}

describe('collectPages', () => {
  it('follows the cursors to the last page', async () => {
    const { asked, fetch } = listing(25, 10);
    const { first, items } = await collectPages(fetch, (page) => page.items);
    expect(items).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(first.items).toHaveLength(10);
    expect(asked.map((a) => a.cursor)).toEqual([undefined, '10', '20']);
  });

  it('stops at `max`, asking for no more than it still needs', async () => {
    const { asked, fetch } = listing(100, 10);
    const { items } = await collectPages(fetch, (page) => page.items, { max: 15, pageSize: 10 });
    expect(items).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(asked).toEqual([{ limit: 10 }, { cursor: '10', limit: 5 }]);
  });

  it('starts after a given cursor', async () => {
    const { fetch } = listing(12, 5);
    expect((await collectPages(fetch, (page) => page.items, { from: '5' })).items).toEqual([5, 6, 7, 8, 9, 10, 11]);
  });
});
