import type { IssueCollector } from './input-issues';

/** One JSON object of a JSONL text, with its 1-based line number. */
export interface JsonLine {
  readonly line: number;
  readonly value: Record<string, unknown>;
}

/** The text without a leading UTF-8 byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The objects of a JSONL text: blank lines skipped, CRLF and a BOM tolerated; a line that is not JSON or not an
 * object is reported (with its number) to `issues` and left out.
 */
export function parseJsonLines(text: string, file: string, issues: IssueCollector): JsonLine[] {
  const objects: JsonLine[] = [];
  stripBom(text)
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const source = raw.trim();
      if (source === '') return;
      let value: unknown;
      try {
        value = JSON.parse(source);
      } catch (error) {
        issues.add({ file, line: i + 1, message: `not valid JSON (${(error as Error).message})` });
        return;
      }
      if (isObject(value)) objects.push({ line: i + 1, value });
      else issues.add({ file, line: i + 1, message: `expected a JSON object, got ${describe(value)}` });
    });
  return objects;
}

/** A short name of a JSON value's type, for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
