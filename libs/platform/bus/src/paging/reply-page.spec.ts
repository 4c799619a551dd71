import { BusError } from '@astra/contracts';
import { z } from 'zod';
import { decodeCursor, encodeCursor, pageOf, textPiece } from './reply-page';

const rows = (n: number, size = 10) => Array.from({ length: n }, (_, i) => ({ id: i, text: 'x'.repeat(size) }));
const cursorOf = (row: { id: number }) => encodeCursor([row.id]);

describe('pageOf', () => {
  it('takes `limit` rows and a cursor after the last when the extra row says more follow', () => {
    const page = pageOf(rows(4), 3, cursorOf);
    expect(page.items.map((r) => r.id)).toEqual([0, 1, 2]);
    expect(decodeCursor(page.nextCursor ?? '', z.tuple([z.number()]))).toEqual([2]);
  });

  it('has no cursor on the last page', () => {
    expect(pageOf(rows(3), 3, cursorOf)).toEqual({ items: rows(3) });
    expect(pageOf([], 3, cursorOf)).toEqual({ items: [] });
  });

  it('stops early when the rows would pass the byte budget, but always takes one', () => {
    const page = pageOf(rows(10, 100), 9, cursorOf, 360);
    expect(page.items.map((r) => r.id)).toEqual([0, 1, 2]);
    expect(page.nextCursor).toBeDefined();
    const huge = pageOf(rows(2, 1000), 5, cursorOf, 350);
    expect(huge.items.map((r) => r.id)).toEqual([0]);
    expect(huge.nextCursor).toBeDefined();
  });
});

describe('decodeCursor', () => {
  it('refuses a cursor that is not one of the listing', () => {
    const refused = () => decodeCursor('not-a-cursor', z.tuple([z.string(), z.string()]));
    expect(refused).toThrow(BusError);
    expect(refused).toThrow('invalid cursor');
    expect(() => decodeCursor(encodeCursor([1]), z.tuple([z.string()]))).toThrow('invalid cursor');
  });
});

describe('textPiece', () => {
  /** Every piece of a text from the start, as a caller that follows the cursors gets them. */
  const pieces = (text: string, budget: number) => {
    const out: string[] = [];
    for (let start = 0; start < text.length;) {
      const { piece, end } = textPiece(text, start, budget);
      expect(Buffer.byteLength(JSON.stringify(piece))).toBeLessThanOrEqual(budget);
      out.push(piece);
      start = end;
    }
    return out;
  };

  it('cuts a text into pieces within the budget that join back into it, after whole lines', () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i}: a -> b`).join('\n');
    const cut = pieces(text, 400);
    expect(cut.length).toBeGreaterThan(5);
    expect(cut.join('')).toBe(text);
    expect(cut.slice(0, -1).every((piece) => piece.endsWith('\n'))).toBe(true);
  });

  it('counts escaped characters and never splits a surrogate pair', () => {
    const text = '\u0001'.repeat(300) + '\u{1F600}'.repeat(300);
    const cut = pieces(text, 120);
    expect(cut.join('')).toBe(text);
    expect(cut.every((piece) => !/[\uD800-\uDBFF]$/.test(piece))).toBe(true);
  });

  it('answers the whole of a short text at once', () => {
    expect(textPiece('a -> b', 0)).toEqual({ piece: 'a -> b', end: 6 });
  });
});
