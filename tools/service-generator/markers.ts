import { GeneratorError } from './service-names';

/**
 * A marker is a comment line that names an insert point in a shared file, e.g.
 *   // new-service:commands — npm run new-service adds lines above this one
 * The generator inserts above it, with its indentation, so the marker stays last and can be used again.
 */
export function markerPattern(id: string): RegExp {
  return new RegExp(`^([ \\t]*)(?://|#|<!--)\\s*new-service:${id}(?![\\w-])`);
}

/** The index of the line holding marker `id`; fails when it is missing or appears twice. */
export function findMarker(lines: readonly string[], id: string, file: string): number {
  const pattern = markerPattern(id);
  const found = lines.flatMap((line, index) => (pattern.test(line) ? [index] : []));
  if (found.length !== 1) {
    const problem = found.length === 0 ? 'is missing' : `appears ${found.length} times`;
    throw new GeneratorError(`the marker "new-service:${id}" ${problem} in ${file}; restore it (see tools/service-generator/inserts.ts)`);
  }
  return found[0] as number;
}

/** `text` with `line` inserted above marker `id`, indented like the marker. */
export function insertAboveMarker(text: string, id: string, line: string, file: string): string {
  const lines = text.split('\n');
  const index = findMarker(lines, id, file);
  const indent = markerPattern(id).exec(lines[index] ?? '')?.[1] ?? '';
  lines.splice(index, 0, `${indent}${line}`);
  return lines.join('\n');
}

/**
 * `text` with the status cell of the table row `| <name> | ...` that follows marker `id` (up to the first blank line)
 * replaced by `status` when it reads `from`; unchanged (and `changed: false`) otherwise.
 */
export function setRowStatus(
  text: string,
  id: string,
  name: string,
  from: string,
  status: string,
  file: string,
): { text: string; changed: boolean } {
  const lines = text.split('\n');
  const start = findMarker(lines, id, file);
  for (let index = start + 1; index < lines.length && (lines[index] ?? '').trim() !== ''; index++) {
    const cells = (lines[index] ?? '').split('|');
    if (cells[1]?.trim() !== name) continue;
    if (cells.length < 4 || cells[cells.length - 2]?.trim() !== from) return { text, changed: false };
    cells[cells.length - 2] = ` ${status} `;
    lines[index] = cells.join('|');
    return { text: lines.join('\n'), changed: true };
  }
  return { text, changed: false };
}
