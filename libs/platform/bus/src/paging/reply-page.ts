import { BusError } from '@astra/contracts';
import type { z } from 'zod';

/**
 * The most bytes (as JSON) of items one RPC reply carries: half of NATS's default max_payload (1 MiB), which leaves
 * room for the rest of the reply, its headers, and a server configured lower than the default.
 */
export const REPLY_BUDGET_BYTES = 512 * 1024;

/** One page of a listing: its items, and the cursor of the next page while more follow. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

/**
 * A page from `rows`, which the caller fetched as `limit + 1` rows after the cursor so that the extra one says
 * whether more follow. Takes rows while their JSON stays within `budgetBytes`, and at least one so that paging always
 * moves on; `cursorOf` makes the cursor from the last row taken.
 */
export function pageOf<T>(rows: readonly T[], limit: number, cursorOf: (row: T) => string, budgetBytes = REPLY_BUDGET_BYTES): Page<T> {
  const items: T[] = [];
  let bytes = 0;
  for (const row of rows.slice(0, limit)) {
    const size = Buffer.byteLength(JSON.stringify(row) ?? 'null') + 1;
    if (items.length > 0 && bytes + size > budgetBytes) break;
    items.push(row);
    bytes += size;
  }
  const last = items[items.length - 1];
  const more = items.length < rows.length;
  return more && last !== undefined ? { items, nextCursor: cursorOf(last) } : { items };
}

/** An opaque cursor holding the sort key of the last item of a page. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The sort key a cursor holds, checked against its shape; VALIDATION_FAILED when it is not one this listing made. */
export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.output<S> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const parsed = schema.safeParse(key);
  if (!parsed.success)
    throw new BusError('VALIDATION_FAILED', 'invalid cursor: pass the nextCursor of the previous page of the same listing');
  return parsed.data;
}

/**
 * The piece of `text` from `start` that fits the reply budget as JSON, ending after a line when one ends in its
 * second half, never inside a surrogate pair; `end` is where the next piece starts (text.length at the end).
 */
export function textPiece(text: string, start: number, budgetBytes = REPLY_BUDGET_BYTES): { piece: string; end: number } {
  let end = Math.min(text.length, start + budgetBytes);
  for (;;) {
    const bytes = Buffer.byteLength(JSON.stringify(text.slice(start, end)));
    if (bytes <= budgetBytes || end - start <= 1) break;
    end = start + Math.max(1, Math.floor(((end - start) * budgetBytes * 0.9) / bytes));
  }
  if (end < text.length) {
    const newline = text.lastIndexOf('\n', end - 1);
    if (newline >= start + (end - start) / 2) end = newline + 1;
    else if (end - start > 1 && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  }
  return { piece: text.slice(start, end), end };
}
