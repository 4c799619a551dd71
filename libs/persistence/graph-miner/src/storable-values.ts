import { BusError } from '@astra/contracts';
import type { CatalogServer } from '@astra/domain/catalog';

/** Characters a name or id column holds (varchar(200); PostgreSQL counts characters, not UTF-16 units). */
export const NAME_COLUMN_CHARS = 200;
/** Characters of a rejection detail or source error message kept in a report; the rest is cut. */
export const REPORT_TEXT_CHARS = 2000;

/** Length in characters as PostgreSQL counts them: code points, so a surrogate pair is one. */
export function charLength(value: string): number {
  const pairs = value.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0;
  return value.length - pairs;
}

/** The first `count` characters of a value, never splitting a surrogate pair. */
function firstChars(value: string, count: number): string {
  let end = 0;
  for (let taken = 0; taken < count && end < value.length; taken += 1) {
    const code = value.charCodeAt(end);
    end += code >= 0xd800 && code <= 0xdbff && end + 1 < value.length ? 2 : 1;
  }
  return value.slice(0, end);
}

/** Shows a value in an error without repeating all of it. */
function preview(value: string): string {
  const shown = JSON.stringify(firstChars(value, 40));
  return charLength(value) > 40 ? `${shown}...` : shown;
}

/** Why a name can not be stored in a varchar(200) column, or undefined when it can. */
function nameProblem(what: string, value: string): string | undefined {
  const length = charLength(value);
  if (length > NAME_COLUMN_CHARS) return `${what} ${preview(value)} is ${length} characters; at most ${NAME_COLUMN_CHARS} are stored`;
  if (value.includes('\u0000')) return `${what} ${preview(value)} contains a NUL character`;
  return undefined;
}

/** Why a text can not be stored (PostgreSQL text refuses NUL), or undefined when it can. */
function textProblem(what: string, value: string): string | undefined {
  return value.includes('\u0000') ? `${what} contains a NUL character` : undefined;
}

/**
 * Checks, before any write, every value of a server that goes into a column the database may refuse: names into
 * varchar(200), descriptions into text (no NUL). Throws a final VALIDATION_FAILED naming the value, so a server that
 * no database can hold is one server's rejection instead of a failed transaction (PostgreSQL) or a row that the
 * other database would refuse (SQLite stores it). JSON columns need no check: JSON escapes NUL.
 */
export function assertStorableServer(importId: string, server: CatalogServer): void {
  const problems = [
    nameProblem('import id', importId),
    nameProblem('server name', server.name),
    textProblem(`server ${preview(server.name)} description`, server.description),
    ...server.tools.flatMap((tool) => [
      nameProblem('tool name', tool.name),
      textProblem(`tool ${preview(tool.name)} description`, tool.description),
    ]),
  ].filter((problem): problem is string => problem !== undefined);
  if (problems.length === 0) return;
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  throw new BusError('VALIDATION_FAILED', `cannot store server: ${problems.slice(0, 3).join('; ')}${more}`, { retryable: false });
}

/**
 * A text as a report keeps it: NUL replaced (PostgreSQL text refuses it) and cut to `maxChars` characters with an
 * ellipsis. For what describes an outcome (a rejected server's name, a detail, an error message), where recording
 * a shortened value beats losing the record.
 */
export function reportText(value: string, maxChars: number): string {
  const clean = value.includes('\u0000') ? value.replace(/\u0000/g, '\uFFFD') : value;
  if (charLength(clean) <= maxChars) return clean;
  return `${firstChars(clean, maxChars - 1)}\u2026`;
}
