import { contentHash } from '@astra/contracts';
import type { CatalogRejection, CatalogServer, CatalogTool, RawServer, RawTool } from './catalog.types';
import {
  displayName,
  nestsDeeperThan,
  quote,
  serverDescriptionProblem,
  serverNameProblem,
  toolDescriptionProblem,
  toolNameProblem,
} from './catalog-bounds';
import { MAX_JSON_DEPTH } from './catalog-limits';
import { groupByServer } from './group-by-server';
import { normalizeParameters, normalizeSchema } from './json-schema.normalizer';

/** The paper keeps servers with at least three usable tools. */
export const DEFAULT_MIN_TOOLS = 3;

export interface CatalogFilterOptions {
  readonly minTools?: number;
}

export interface CatalogBuild {
  readonly servers: CatalogServer[];
  readonly rejections: CatalogRejection[];
}

type ToolResult = { ok: true; tool: CatalogTool } | { ok: false; rejection: CatalogRejection };

/** A rejection of a server or one of its tools; names are recorded as displayName gives them, bounded and storable. */
function reject(server: RawServer, tool: string | undefined, reason: CatalogRejection['reason'], detail: string): ToolResult {
  const rejection: CatalogRejection = { server: displayName(server.name), reason, detail };
  return {
    ok: false,
    rejection: {
      ...rejection,
      ...(tool === undefined ? {} : { tool: displayName(tool) }),
      ...(server.line === undefined ? {} : { line: server.line }),
    },
  };
}

/**
 * Validates and normalises one tool, or says why it is left out: no name, a name OpenAI would refuse, no
 * description or one past the limits, or a schema that cannot be mapped or nests too deep.
 */
export function normalizeTool(server: RawServer, raw: RawTool): ToolResult {
  if (typeof raw.name !== 'string' || raw.name.trim() === '') {
    return reject(server, undefined, 'unmappable_schema', `a tool has no name (${quote(raw.name)})`);
  }
  const name = raw.name.trim();
  const nameProblem = toolNameProblem(name);
  if (nameProblem !== undefined) return reject(server, name, 'unmappable_schema', nameProblem);
  if (typeof raw.description !== 'string' || raw.description.trim() === '') {
    return reject(server, name, 'missing_description', `tool "${name}" has no description`);
  }
  const descriptionProblem = toolDescriptionProblem(raw.description);
  if (descriptionProblem !== undefined) return reject(server, name, 'unmappable_schema', `tool "${name}": ${descriptionProblem}`);
  const parameters = normalizeParameters(raw.inputSchema);
  if (!parameters.ok) return reject(server, name, 'unmappable_schema', `tool "${name}": ${parameters.error}`);
  let outputSchema = null;
  if (raw.outputSchema !== undefined && raw.outputSchema !== null) {
    const output = normalizeSchema(raw.outputSchema, 'output');
    if (!output.ok) return reject(server, name, 'unmappable_schema', `tool "${name}": ${output.error}`);
    outputSchema = output.schema;
  }
  const description = raw.description.trim();
  const hash = contentHash({ name, description, parameters: parameters.schema, outputSchema });
  return { ok: true, tool: { name, description, parameters: parameters.schema, outputSchema, contentHash: hash } };
}

/** Hash of a server's content: its name, description, metadata and the hashes of its tools. */
export function serverContentHash(server: Omit<CatalogServer, 'contentHash'>): string {
  return contentHash({
    name: server.name,
    description: server.description,
    metadata: server.metadata,
    tools: server.tools.map((tool) => tool.contentHash),
  });
}

/** What makes a whole server unusable (its name, description or metadata), or undefined. */
function serverProblem(raw: RawServer): string | undefined {
  const nameProblem = serverNameProblem(raw.name);
  if (nameProblem !== undefined) return nameProblem;
  const descriptionProblem = raw.description === undefined ? undefined : serverDescriptionProblem(raw.description);
  if (descriptionProblem !== undefined) return `server ${quote(raw.name)}: ${descriptionProblem}`;
  if (nestsDeeperThan(raw.metadata))
    return `server ${quote(raw.name)}: metadata nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`;
  return undefined;
}

function buildServer(raw: RawServer, minTools: number, rejections: CatalogRejection[]): CatalogServer | undefined {
  const problem = serverProblem(raw);
  if (problem !== undefined) {
    const rejected = reject(raw, undefined, 'unmappable_schema', problem);
    if (!rejected.ok) rejections.push(rejected.rejection);
    return undefined;
  }
  const tools = new Map<string, CatalogTool>();
  for (const rawTool of raw.tools) {
    const result = normalizeTool(raw, rawTool);
    if (!result.ok) {
      rejections.push(result.rejection);
    } else if (tools.has(result.tool.name)) {
      const duplicate = reject(raw, result.tool.name, 'duplicate_tool', `tool "${result.tool.name}" is listed twice; the first is kept`);
      if (!duplicate.ok) rejections.push(duplicate.rejection);
    } else {
      tools.set(result.tool.name, result.tool);
    }
  }
  if (tools.size < minTools) {
    const detail = `server "${raw.name}" has ${tools.size} usable tool(s) of ${raw.tools.length}; at least ${minTools} are needed`;
    const rejected = reject(raw, undefined, 'too_few_tools', detail);
    if (!rejected.ok) rejections.push(rejected.rejection);
    return undefined;
  }
  const sorted = [...tools.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const server = {
    name: raw.name,
    origin: raw.origin,
    description: raw.description?.trim() ?? '',
    metadata: raw.metadata ?? {},
    tools: sorted,
  };
  return { ...server, contentHash: serverContentHash(server) };
}

/**
 * Groups raw servers by name, normalises their tools and applies the paper's filters and the limits of
 * catalog-limits.ts. Every tool or server left out yields a rejection with its reason; nothing is dropped silently.
 */
export function buildCatalog(raw: readonly RawServer[], options: CatalogFilterOptions = {}): CatalogBuild {
  const minTools = options.minTools ?? DEFAULT_MIN_TOOLS;
  const rejections: CatalogRejection[] = [];
  const servers: CatalogServer[] = [];
  for (const group of groupByServer(raw)) {
    const server = buildServer(group, minTools, rejections);
    if (server) servers.push(server);
  }
  return { servers, rejections };
}

/** The OpenAI tool schema of a catalog tool. */
export function toOpenAiTool(tool: CatalogTool): {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
} {
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } };
}
