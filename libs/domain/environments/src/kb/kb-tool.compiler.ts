import type { EnvToolSchema } from '@astra/contracts';
import type { z } from 'zod';
import type { KnowledgeBase } from './knowledge-base';

// Compiles a lookup tool over a slice of a table into self-contained Python (standard library only): the rows are
// embedded as a literal, lookups ignore case and runs of whitespace, and every bad input raises ValueError with a
// stable message, never a KeyError or TypeError, and never a row.

/** A value a tool takes as an argument. */
export type KbToolArg = string | number;
/** A value in a tool's output row. */
export type KbOutputValue = string | number | readonly string[];

/** One argument of a lookup tool. */
export interface KbToolParam {
  readonly name: string;
  readonly type: 'string' | 'integer';
  readonly description: string;
  /** A well-formed value that names nothing real (the "unknown entity" bad call). */
  readonly unknown: KbToolArg;
}

/** One row of a tool's table: the argument tuples that find it and the object the tool returns. */
export interface KbToolRow {
  readonly id: string;
  readonly keys: ReadonlyArray<readonly KbToolArg[]>;
  readonly output: Readonly<Record<string, KbOutputValue>>;
}

/** A lookup tool over one table of the knowledge base. */
export interface KbToolDef {
  readonly name: string;
  readonly table: keyof KnowledgeBase['sources'];
  /** The noun in "unknown <entity>: ..." errors. */
  readonly entity: string;
  readonly description: string;
  readonly params: readonly KbToolParam[];
  rows(kb: KnowledgeBase): readonly KbToolRow[];
}

type EnvToolInput = z.input<typeof EnvToolSchema>;

/** The environment tool for `def` over `rows` (the rows a question needs plus distractor rows). */
export function compileKbTool(def: KbToolDef, rows: readonly KbToolRow[]): EnvToolInput {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const param of def.params) properties[param.name] = { type: param.type, description: param.description };
  return {
    name: def.name,
    description: def.description,
    parameters: {
      type: 'object',
      properties,
      required: def.params.map((p) => p.name),
      additionalProperties: false,
    },
    language: 'python',
    code: pythonCode(def, rows),
    badCalls: badCalls(def),
  };
}

/** Calls that must raise a clear error: an argument missing, an unknown entity, a wrong type. */
export function badCalls(def: KbToolDef): Array<Record<string, KbToolArg>> {
  const unknown: Record<string, KbToolArg> = {};
  const wrongType: Record<string, KbToolArg> = {};
  for (const param of def.params) {
    unknown[param.name] = param.unknown;
    wrongType[param.name] = param.type === 'integer' ? 'seven' : 42;
  }
  const missing: Record<string, KbToolArg> = { ...unknown };
  const last = def.params[def.params.length - 1];
  if (last) delete missing[last.name];
  return [missing, unknown, wrongType];
}

function pythonCode(def: KbToolDef, rows: readonly KbToolRow[]): string {
  const prefix = `_${def.name.toUpperCase()}`;
  const data = rows.map((row) => [row.keys.map((key) => key.map(String)), row.output]);
  const params = def.params.map((p) => `${p.name}=None`).join(', ');
  const checks = def.params.map((p) => `(${pyString(p.name)}, ${p.name}, ${pyString(p.type)})`).join(', ');
  const argList = def.params.map((p) => p.name).join(', ');
  return [
    `${prefix}_ROWS = ${JSON.stringify(data)}`,
    '',
    '',
    `def ${prefix}_norm(text):`,
    '    return " ".join(str(text).split()).casefold()',
    '',
    '',
    `${prefix}_INDEX = {}`,
    `for _keys, _row in ${prefix}_ROWS:`,
    '    for _key in _keys:',
    `        ${prefix}_INDEX["\\x1f".join(${prefix}_norm(part) for part in _key)] = _row`,
    '',
    '',
    `def ${prefix}_arg(label, value, kind):`,
    '    if value is None:',
    '        raise ValueError("missing required argument: " + repr(label))',
    '    if kind == "integer":',
    '        if isinstance(value, float) and value.is_integer():',
    '            value = int(value)',
    '        if isinstance(value, bool) or not isinstance(value, int):',
    '            raise ValueError("invalid argument " + repr(label) + ": expected an integer")',
    '        return str(value)',
    '    if not isinstance(value, str):',
    '        raise ValueError("invalid argument " + repr(label) + ": expected a string")',
    `    text = ${prefix}_norm(value)`,
    '    if not text:',
    '        raise ValueError("missing required argument: " + repr(label))',
    '    return text',
    '',
    '',
    `def ${def.name}(${params}, **unexpected):`,
    `    ${pyString(oneLine(def.description))}`,
    '    if unexpected:',
    '        raise ValueError("unexpected argument: " + repr(sorted(unexpected)[0]))',
    `    key = "\\x1f".join(${prefix}_arg(label, value, kind) for label, value, kind in (${checks},))`,
    `    row = ${prefix}_INDEX.get(key)`,
    '    if row is None:',
    `        raise ValueError(${pyString(`unknown ${def.entity}: `)} + ", ".join(repr(v) for v in (${argList},)))`,
    '    return dict(row)',
    '',
  ].join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A Python string literal (JSON string syntax is valid Python). */
function pyString(text: string): string {
  return JSON.stringify(text);
}
