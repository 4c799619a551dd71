import { mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { CatalogSource } from '@astra/contracts';
import type { ArtifactStore } from '@astra/platform/bus';
import { UsageError } from '../cli-context';

type McpSource = Extract<CatalogSource, { type: 'mcp-stdio' | 'mcp-http' }>;

/** A source named on the command line, before files are uploaded. */
export type SourceSpec = { kind: 'file'; type: 'astra-jsonl' | 'openai-tools'; path: string } | { kind: 'mcp'; source: McpSource };

/** The npm reference servers that `mcp:<name>` runs from node_modules. */
export const MCP_SHORTHANDS = ['memory', 'filesystem', 'everything'] as const;

/** Splits a command line into words: whitespace separates, single or double quotes group, backslash escapes. */
export function splitCommandLine(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: '"' | "'" | undefined;
  let started = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      started = true;
    } else if (char === '\\' && i + 1 < text.length) {
      word += text[++i];
      started = true;
    } else if (/\s/.test(char)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      word += char;
      started = true;
    }
  }
  if (quote) throw new UsageError(`unterminated ${quote} quote in "${text}"`);
  if (started) words.push(word);
  return words;
}

function splitNamed(spec: string, option: string): [string, string] {
  const at = spec.indexOf('=');
  const name = spec.slice(0, at).trim();
  const rest = spec.slice(at + 1).trim();
  if (at <= 0 || name === '' || rest === '') throw new UsageError(`${option} expects <name>=<value>, got "${spec}"`);
  return [name, rest];
}

/** `--mcp-stdio "<name>=<command> <args...>"`. */
export function parseMcpStdio(spec: string): McpSource {
  const [name, commandLine] = splitNamed(spec, '--mcp-stdio');
  const [command, ...args] = splitCommandLine(commandLine);
  if (!command) throw new UsageError(`--mcp-stdio "${spec}" has no command`);
  return { type: 'mcp-stdio', name, command, args };
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

/** `mcp:memory|filesystem|everything`: the package's bin file run with node; filesystem gets a data dir. */
export function resolveShorthand(name: string, dataDir: string): McpSource {
  if (!(MCP_SHORTHANDS as readonly string[]).includes(name)) {
    throw new UsageError(`unknown MCP shorthand "mcp:${name}"; known: ${MCP_SHORTHANDS.map((n) => `mcp:${n}`).join(', ')}`);
  }
  const manifestPath = require.resolve(`@modelcontextprotocol/server-${name}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : Object.values(manifest.bin ?? {})[0];
  if (!bin) throw new UsageError(`@modelcontextprotocol/server-${name} declares no bin file`);
  const args = [join(dirname(manifestPath), bin)];
  if (name === 'filesystem') {
    const allowed = resolve(dataDir, 'mcp-filesystem');
    mkdirSync(allowed, { recursive: true });
    args.push(allowed);
  }
  return { type: 'mcp-stdio', name, command: 'node', args };
}

/** Classifies positional sources: .jsonl (ASTRA rows), .json (OpenAI tools) or mcp:<name>. */
export function parsePositional(arg: string, dataDir: string): SourceSpec {
  if (arg.startsWith('mcp:')) return { kind: 'mcp', source: resolveShorthand(arg.slice(4), dataDir) };
  const ext = extname(arg).toLowerCase();
  if (ext === '.jsonl') return { kind: 'file', type: 'astra-jsonl', path: arg };
  if (ext === '.json') return { kind: 'file', type: 'openai-tools', path: arg };
  throw new UsageError(`cannot tell what "${arg}" is: use a .jsonl (ASTRA rows) or .json (OpenAI tools) file, mcp:<name>, --mcp-stdio or --mcp-http`);
}

export interface SourceArgs {
  readonly positional: readonly string[];
  readonly mcpStdio: readonly string[];
  readonly mcpHttp: readonly string[];
}

/** Every source of `astra catalog import`, in command-line order (positional first). */
export function parseSources(args: SourceArgs, dataDir: string): SourceSpec[] {
  const specs: SourceSpec[] = [
    ...args.positional.map((arg) => parsePositional(arg, dataDir)),
    ...args.mcpStdio.map((spec): SourceSpec => ({ kind: 'mcp', source: parseMcpStdio(spec) })),
    ...args.mcpHttp.map((spec): SourceSpec => ({ kind: 'mcp', source: parseMcpHttp(spec) })),
  ];
  if (specs.length === 0) throw new UsageError('name at least one source: a .jsonl or .json file, mcp:<name>, --mcp-stdio or --mcp-http');
  const names = specs.flatMap((s) => (s.kind === 'mcp' ? [s.source.name] : []));
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new UsageError(`MCP server name "${twice}" is given twice`);
  return specs;
}

/** Uploads files to the artifact store so the service need not share this disk, and returns the wire sources. */
export async function toCatalogSources(specs: readonly SourceSpec[], artifacts: ArtifactStore): Promise<CatalogSource[]> {
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
    sources.push({ type: spec.type, filename: basename(spec.path), artifact });
  }
  return sources;
}
