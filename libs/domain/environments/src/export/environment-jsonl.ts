import { EnvironmentRecordSchema, EnvSplitSchema, type EnvironmentRecord, type EnvSplit } from '@astra/contracts';
import { IssueCollector } from '../inputs/input-issues';
import { parseJsonLines } from '../inputs/json-lines';

/** An environment record as exported: the record, with its split when the export names the run that made it. */
export type ExportedEnvironment = EnvironmentRecord & { split?: EnvSplit };

const ExportedEnvironmentSchema = EnvironmentRecordSchema.extend({ split: EnvSplitSchema.optional() });

/** One JSONL line (no newline) of an environment record and its split, when known. */
export function environmentJsonLine(record: EnvironmentRecord, split?: EnvSplit): string {
  return JSON.stringify(split === undefined ? record : { ...record, split });
}

/** Environment records as JSONL: one record per line, each line ending in a newline. */
export function toEnvironmentJsonl(items: readonly ExportedEnvironment[]): string {
  return items.map(({ split, ...record }) => `${environmentJsonLine(record, split)}\n`).join('');
}

/**
 * Reads an environment JSONL export back, validating every line against the record contract. Throws one
 * InputFileError naming each bad line (not JSON, not a record, an id seen on an earlier line).
 */
export function readEnvironmentJsonl(text: string, file = 'environments.jsonl'): ExportedEnvironment[] {
  const issues = new IssueCollector('environment records');
  const records: ExportedEnvironment[] = [];
  const seen = new Map<string, number>();
  for (const { line, value } of parseJsonLines(text, file, issues)) {
    const parsed = ExportedEnvironmentSchema.safeParse(value);
    if (!parsed.success) {
      const first = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`);
      const rest = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : '';
      issues.add({ file, line, message: `not an environment record: ${first.join('; ')}${rest}` });
      continue;
    }
    const earlier = seen.get(parsed.data.id);
    if (earlier !== undefined) {
      issues.add({ file, line, message: `environment ${parsed.data.id} already appears on line ${earlier}` });
      continue;
    }
    seen.set(parsed.data.id, line);
    records.push(parsed.data);
  }
  issues.throwIfAny();
  return records;
}
