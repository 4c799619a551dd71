import { textNestsDeeperThan } from '@astra/contracts';
import { mapAstraRow, readAstraJsonl } from './astra-row.mapper';
import { MAX_ROW_DEPTH } from './catalog-limits';
import { displayName } from './catalog-bounds';
import type { CatalogRejection, RawServer } from './catalog.types';
import { isPlainObject } from './json-schema.normalizer';
import { parseJsonl } from './jsonl';
import { mapOpenAiTool, openAiToolList } from './openai-tool.mapper';

/** The shapes a catalog file can have, told apart by content, never by file extension. */
export type CatalogFormat = 'astra-rows' | 'tool-list' | 'tool-lines';

/** What reading a catalog file gives: its format, the raw servers, and the lines it rejected. */
export interface CatalogFileRead {
  readonly format: CatalogFormat;
  readonly servers: RawServer[];
  readonly rejections: CatalogRejection[];
}

/** Options of readCatalogFile. */
export interface CatalogFileOptions {
  /** Names the server of a file that does not carry one (a tool list, tools one per line); else the file's base name. */
  readonly server?: string;
}

/** A row that is an ASTRA server row: `base_info` holds the server. */
function isAstraRow(value: unknown): boolean {
  return isPlainObject(value) && isPlainObject(value.base_info);
}

/** A row that is one tool definition: OpenAI's wrapped form, or bare (BFCL and MCP style). */
export function isToolDefinition(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  if (isPlainObject(value.function) && typeof value.function.name === 'string') return true;
  const schema = value.parameters ?? value.input_schema ?? value.inputSchema;
  return typeof value.name === 'string' && (schema === undefined ? typeof value.description === 'string' : isPlainObject(schema));
}

function baseName(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? filename;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

function parseWhole(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  // Too deep to parse safely as one document (a list adds a level or two over a row): JSON Lines refuse it per line.
  if (textNestsDeeperThan(text, MAX_ROW_DEPTH + 2)) return { ok: false, error: `nests deeper than ${MAX_ROW_DEPTH + 2} levels` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Reads a catalog file of any supported shape: ASTRA `mcp_servers` rows (JSON Lines), a JSON list of tool definitions
 * (or `{ tools: [...] }`), or tool definitions one per line (JSON Lines, as some benchmarks ship them). A line that is
 * neither is a `malformed_line` rejection and the others still import; a file with no recognisable row throws an
 * Error whose message names the file and says why.
 */
export function readCatalogFile(text: string, filename: string, options: CatalogFileOptions = {}): CatalogFileRead {
  const body = text.replace(/^\uFEFF/, '');
  const server = options.server ?? baseName(filename);
  const label = displayName(filename);
  const whole = parseWhole(body);
  if (whole.ok && isAstraRow(whole.value)) {
    // One ASTRA row, on one line or pretty-printed.
    const row = mapAstraRow(whole.value, 1);
    return row.ok
      ? { format: 'astra-rows', servers: [row.server], rejections: [] }
      : {
          format: 'astra-rows',
          servers: [],
          rejections: [{ server: label, reason: 'malformed_line', detail: `${label} ${row.error}`, line: 1 }],
        };
  }
  if (whole.ok) return { format: 'tool-list', servers: [toolList(whole.value, label, server)], rejections: [] };
  const { rows } = parseJsonl(body);
  if (rows.length === 0) {
    // One broken document is not JSON at all; several broken lines are rows each rejected with its line number.
    if (body.split(/\r?\n/).filter((l) => l.trim() !== '').length <= 1) throw new Error(`${label} is not valid JSON: ${whole.error}`);
    return { format: 'astra-rows', ...readAstraJsonl(body, filename) };
  }
  const first = rows.find((r) => isAstraRow(r.value) || isToolDefinition(r.value));
  if (!first) {
    throw new Error(
      `${label} is not a tool catalog: expected ASTRA mcp_servers rows, a JSON list of tool definitions, or one tool definition per line`,
    );
  }
  if (isAstraRow(first.value)) return { format: 'astra-rows', ...readAstraJsonl(body, filename) };
  return { format: 'tool-lines', ...readToolLines(body, label, server) };
}

/** A JSON document of tool definitions as one server. */
function toolList(document: unknown, label: string, server: string): RawServer {
  try {
    return { name: server, origin: 'openai-tools', metadata: {}, tools: openAiToolList(document).map(mapOpenAiTool) };
  } catch (error) {
    throw new Error(`${label}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Tool definitions one per line, all of one server; a line that is not a tool definition is rejected with its number. */
function readToolLines(text: string, label: string, server: string): { servers: RawServer[]; rejections: CatalogRejection[] } {
  const { rows, errors } = parseJsonl(text);
  const rejections: CatalogRejection[] = errors.map((error) => ({
    server: label,
    reason: 'malformed_line',
    detail: `${label} ${error.message}`,
    line: error.line,
  }));
  const tools = [];
  for (const row of rows) {
    if (isToolDefinition(row.value)) tools.push(mapOpenAiTool(row.value));
    else {
      const what = isAstraRow(row.value)
        ? 'an ASTRA server row among tool definitions'
        : 'not a tool definition (expected name, description and parameters)';
      rejections.push({ server: label, reason: 'malformed_line', detail: `${label} line ${row.line}: ${what}`, line: row.line });
    }
  }
  rejections.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { servers: tools.length > 0 ? [{ name: server, origin: 'openai-tools', metadata: {}, tools }] : [], rejections };
}
