import { z } from 'zod';

/**
 * The longest id a client may choose (import ids, job ids, session ids): the services store ids in varchar(200)
 * columns, so a longer one is refused where it enters instead of failing in the database.
 */
export const ID_MAX_LENGTH = 200;

/** An id a client chooses: 1 to 200 letters, digits, '.', '_', ':' or '-', starting with a letter or digit. */
export const ClientIdSchema = z
  .string()
  .min(1)
  .max(ID_MAX_LENGTH)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'an id is letters, digits, ".", "_", ":" and "-", starting with a letter or digit');

/** An id a lookup names (a status query): any id that can be stored, so ids made before the rule above still work. */
export const IdRefSchema = z.string().min(1).max(ID_MAX_LENGTH);

/** An opaque position in a listing: a page's nextCursor, passed back as the next request's cursor. */
export const CursorSchema = z.string().min(1).max(4096);

/**
 * Request fields of a paginated RPC: `cursor` (absent for the first page) and `limit`, the most items one page
 * holds (a page may hold fewer, to keep the reply under the bus's payload limit; only a missing nextCursor means
 * the end).
 */
export function pageRequest(defaultLimit: number, maxLimit: number) {
  return { cursor: CursorSchema.optional(), limit: z.number().int().min(1).max(maxLimit).default(defaultLimit) };
}

/** Response field of a paginated RPC: present when more items follow. */
export const NextCursorSchema = CursorSchema.optional();
