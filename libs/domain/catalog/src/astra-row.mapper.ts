import { displayName } from './catalog-bounds';
import type { CatalogRejection, RawServer } from './catalog.types';
import { parseJsonl } from './jsonl';
import { isPlainObject } from './json-schema.normalizer';
import { mapOpenAiTool } from './openai-tool.mapper';

const NAME_KEYS = ['server_name', 'server_title', 'name', 'title', 'group_name'] as const;
const DESCRIPTION_KEYS = ['server_description', 'description', 'desc'] as const;

export type AstraRowResult = { ok: true; server: RawServer } | { ok: false; error: string };

function firstString(record: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/**
 * Maps one ASTRA `mcp_servers.jsonl` row: `base_info.group_info` names the server, `base_info.tool_list`
 * holds its tools (OpenAI-style or bare), `call_info` and `features` are kept as metadata.
 */
export function mapAstraRow(row: unknown, line: number): AstraRowResult {
  if (!isPlainObject(row)) return { ok: false, error: `line ${line}: a row must be a JSON object` };
  const base = row.base_info;
  if (!isPlainObject(base)) return { ok: false, error: `line ${line}: missing "base_info" object` };
  const group = isPlainObject(base.group_info) ? base.group_info : {};
  const name = firstString(group, NAME_KEYS);
  if (!name) return { ok: false, error: `line ${line}: "base_info.group_info" has no server name` };
  if (!Array.isArray(base.tool_list)) return { ok: false, error: `line ${line}: "base_info.tool_list" must be a list` };
  const metadata: Record<string, unknown> = {};
  if (row.call_info !== undefined) metadata.call_info = row.call_info;
  if (row.features !== undefined) metadata.features = row.features;
  const extra = Object.fromEntries(
    Object.entries(group).filter(
      ([key]) => !(NAME_KEYS as readonly string[]).includes(key) && !(DESCRIPTION_KEYS as readonly string[]).includes(key),
    ),
  );
  if (Object.keys(extra).length > 0) metadata.group_info = extra;
  return {
    ok: true,
    server: {
      name,
      origin: 'astra-jsonl',
      description: firstString(group, DESCRIPTION_KEYS),
      metadata,
      line,
      tools: base.tool_list.map(mapOpenAiTool),
    },
  };
}

/**
 * Reads a whole ASTRA JSONL text: every good row becomes a raw server; every malformed line or row becomes a
 * `malformed_line` rejection naming `source` and the line, and the other lines still import.
 */
export function readAstraJsonl(text: string, source: string): { servers: RawServer[]; rejections: CatalogRejection[] } {
  const { rows, errors } = parseJsonl(text);
  const server = displayName(source);
  const rejections: CatalogRejection[] = errors.map((error) => ({
    server,
    reason: 'malformed_line',
    detail: `${server} ${error.message}`,
    line: error.line,
  }));
  const servers: RawServer[] = [];
  for (const row of rows) {
    const mapped = mapAstraRow(row.value, row.line);
    if (mapped.ok) servers.push(mapped.server);
    else rejections.push({ server, reason: 'malformed_line', detail: `${server} ${mapped.error}`, line: row.line });
  }
  rejections.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { servers, rejections };
}
