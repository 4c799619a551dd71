import { textNestsDeeperThan } from '@astra/contracts';
import { printable } from './catalog-bounds';
import { MAX_ROW_DEPTH } from './catalog-limits';

/** One parsed JSONL row with its 1-based line number. */
export interface JsonlRow {
  readonly line: number;
  readonly value: unknown;
}

export interface JsonlError {
  readonly line: number;
  readonly message: string;
}

/**
 * Parses JSON Lines; a malformed line becomes an error with its line number and the other lines still parse. A line
 * nesting deeper than MAX_ROW_DEPTH is an error too, found before parsing it.
 */
export function parseJsonl(text: string): { rows: JsonlRow[]; errors: JsonlError[] } {
  const rows: JsonlRow[] = [];
  const errors: JsonlError[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    if (textNestsDeeperThan(raw, MAX_ROW_DEPTH)) {
      errors.push({ line, message: `line ${line}: nests objects and arrays deeper than ${MAX_ROW_DEPTH} levels` });
      return;
    }
    try {
      rows.push({ line, value: JSON.parse(raw) as unknown });
    } catch (error) {
      // The parser quotes a few characters of the line, control characters included.
      const message = printable(error instanceof Error ? error.message : String(error));
      errors.push({ line, message: `line ${line}: invalid JSON (${message})` });
    }
  });
  return { rows, errors };
}
