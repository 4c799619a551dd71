import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One exported SFT line with its side of the split, as the export RPC answers it. */
export interface ExportedLine {
  readonly split: 'train' | 'validation';
  readonly line: string;
}

/** The two files an export writes: `<out>.train.jsonl` and `<out>.validation.jsonl` (a `.jsonl` ending on `out` is dropped). */
export function exportPaths(out: string): { train: string; validation: string } {
  const base = out.replace(/\.jsonl$/, '');
  return { train: `${base}.train.jsonl`, validation: `${base}.validation.jsonl` };
}

/** The lines of each side, one JSON record per line, each ending with a newline. */
export function splitText(records: readonly ExportedLine[]): { train: string; validation: string } {
  const text = (split: ExportedLine['split']) =>
    records
      .filter((r) => r.split === split)
      .map((r) => `${r.line}\n`)
      .join('');
  return { train: text('train'), validation: text('validation') };
}

/** Writes both files (the folder is made when missing) and returns their paths; an empty side is an empty file. */
export function writeExport(out: string, records: readonly ExportedLine[]): { train: string; validation: string } {
  const paths = exportPaths(out);
  const text = splitText(records);
  mkdirSync(dirname(paths.train), { recursive: true });
  writeFileSync(paths.train, text.train);
  writeFileSync(paths.validation, text.validation);
  return paths;
}
