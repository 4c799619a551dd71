import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { McpServerNameSchema, type CatalogSource } from '@astra/contracts';
import type { ArtifactStore } from '@astra/platform/bus';
import { UsageError } from '../cli-context';

type McpSource = Extract<CatalogSource, { type: 'mcp-stdio' | 'mcp-http' }>;

/** A source named on the command line, before files are uploaded. */
export type SourceSpec = { kind: 'file'; type: 'astra-jsonl' | 'openai-tools'; path: string } | { kind: 'mcp'; source: McpSource };

function splitNamed(spec: string, option: string): [string, string] {
  const at = spec.indexOf('=');
  const name = spec.slice(0, at).trim();
  const rest = spec.slice(at + 1).trim();
  if (at <= 0 || name === '' || rest === '') throw new UsageError(`${option} expects <name>=<value>, got "${spec}"`);
  return [name, rest];
}

/**
 * `mcp:<name>` or `--mcp-stdio <name>`: an MCP server that graph-miner's MCP_SERVERS allow-list says how to start
 * (memory, filesystem and everything are built in). A command line is refused: the service never takes one.
 */
export function parseMcpStdio(name: string, written = `--mcp-stdio "${name}"`): McpSource {
  const parsed = McpServerNameSchema.safeParse(name);
  if (!parsed.success) {
    throw new UsageError(
      `${written}: name an MCP server configured in graph-miner's MCP_SERVERS (e.g. memory, filesystem, everything); a command line is not accepted: add it to MCP_SERVERS on the service`,
    );
  }
  return { type: 'mcp-stdio', name: parsed.data };
}

/** `--mcp-http <name>=<url>`. */
export function parseMcpHttp(spec: string): McpSource {
  const [name, url] = splitNamed(spec, '--mcp-http');
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new UsageError(`--mcp-http "${spec}": "${url}" is not an http(s) URL`);
  }
  return { type: 'mcp-http', name, url };
}

/**
 * Classifies positional sources: a .json or .jsonl file (graph-miner reads it by its shape: ASTRA rows, a list of
 * tool definitions, or one tool definition per line; the type sent is a hint) or mcp:<name>.
 */
export function parsePositional(arg: string): SourceSpec {
  if (arg.startsWith('mcp:')) return { kind: 'mcp', source: parseMcpStdio(arg.slice(4), arg) };
  const ext = extname(arg).toLowerCase();
  if (ext === '.jsonl') return { kind: 'file', type: 'astra-jsonl', path: arg };
  if (ext === '.json') return { kind: 'file', type: 'openai-tools', path: arg };
  throw new UsageError(
    `cannot tell what "${arg}" is: use a .json or .jsonl file (ASTRA rows or tool definitions), mcp:<name>, --mcp-stdio or --mcp-http`,
  );
}

export interface SourceArgs {
  readonly positional: readonly string[];
  readonly mcpStdio: readonly string[];
  readonly mcpHttp: readonly string[];
}

/** Every source of `astra catalog import`, in command-line order (positional first). */
export function parseSources(args: SourceArgs): SourceSpec[] {
  const specs: SourceSpec[] = [
    ...args.positional.map((arg) => parsePositional(arg)),
    ...args.mcpStdio.map((spec): SourceSpec => ({ kind: 'mcp', source: parseMcpStdio(spec) })),
    ...args.mcpHttp.map((spec): SourceSpec => ({ kind: 'mcp', source: parseMcpHttp(spec) })),
  ];
  if (specs.length === 0) throw new UsageError('name at least one source: a .jsonl or .json file, mcp:<name>, --mcp-stdio or --mcp-http');
  const names = specs.flatMap((s) => (s.kind === 'mcp' ? [s.source.name] : []));
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new UsageError(`MCP server name "${twice}" is given twice`);
  return specs;
}

/**
 * Uploads files to the artifact store so the service need not share this disk, and returns the wire sources; `server`
 * names the server of each file that carries none (tools without a server row).
 */
export async function toCatalogSources(specs: readonly SourceSpec[], artifacts: ArtifactStore, server?: string): Promise<CatalogSource[]> {
  if (server !== undefined && !specs.some((s) => s.kind === 'file')) {
    throw new UsageError('--server names the server of a tool file; give a .json or .jsonl file with it');
  }
  const sources: CatalogSource[] = [];
  for (const spec of specs) {
    if (spec.kind === 'mcp') {
      sources.push(spec.source);
      continue;
    }
    let content: Buffer;
    try {
      content = readFileSync(spec.path);
    } catch (error) {
      throw new UsageError(`cannot read ${spec.path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const contentType = spec.type === 'astra-jsonl' ? 'application/jsonl' : 'application/json';
    const artifact = await artifacts.put(new Uint8Array(content), contentType);
    sources.push({ type: spec.type, filename: basename(spec.path), artifact, ...(server === undefined ? {} : { server }) });
  }
  return sources;
}
