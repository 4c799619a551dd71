import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { BusError, McpServerNameSchema } from '@astra/contracts';
import { ConfigError, type ConfigProblem } from '@astra/platform/config';

/** How a service starts one MCP server over stdio: only its own configuration says this, never a message. */
export const McpServerSpecSchema = z.strictObject({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).optional(),
  cwd: z.string().optional(),
  /** Deadline to connect and list the tools; default MCP_TIMEOUT_MS. */
  timeoutMs: z.number().int().positive().optional(),
  /**
   * Where the server keeps state, so one session can have its own: `memory-file` (MEMORY_FILE_PATH set to a file in
   * the session's folder) or `root-folder` (the last argument, its root, replaced by the session's folder).
   */
  state: z.enum(['memory-file', 'root-folder']).optional(),
});
export type McpServerSpec = z.infer<typeof McpServerSpecSchema>;

/**
 * A server reached over streamable HTTP at a configured URL (an entry with `url`): nothing is started; each session
 * is an MCP session of its own, and the server keeps its state per session.
 */
export const McpHttpServerSpecSchema = z.strictObject({
  // fetch refuses a URL with credentials, which would also end up in logs: they go in `headers`.
  url: z.url({ protocol: /^https?$/ }).refine((url) => new URL(url).username === '' && new URL(url).password === '', {
    message: 'must not hold credentials: send them in headers',
  }),
  /** Sent with every request (an Authorization header, say); never printed. */
  headers: z.record(z.string(), z.string()).optional(),
  /** Deadline to connect and list the tools; default MCP_TIMEOUT_MS. */
  timeoutMs: z.number().int().positive().optional(),
});
export type McpHttpServerSpec = z.infer<typeof McpHttpServerSpecSchema>;

/** One allow-listed server: started over stdio, or reached over HTTP. */
export type McpServerEntry = McpServerSpec | McpHttpServerSpec;

/** Whether the entry is reached over HTTP rather than started. */
export function isHttpServer(entry: McpServerEntry): entry is McpHttpServerSpec {
  return 'url' in entry;
}

const McpServersSchema = z.record(McpServerNameSchema, z.unknown());

/** An entry with `url` is an HTTP server, any other a stdio one, so a problem is reported against the right shape. */
function entrySchema(raw: unknown): typeof McpServerSpecSchema | typeof McpHttpServerSpecSchema {
  return raw !== null && typeof raw === 'object' && 'url' in raw ? McpHttpServerSpecSchema : McpServerSpecSchema;
}

/** The npm reference servers, run with this Node from node_modules: `mcp:memory`, `mcp:filesystem`, `mcp:everything`. */
export const BUILT_IN_MCP_SERVERS = ['memory', 'filesystem', 'everything'] as const;

/** The MCP servers a service may start, by name. */
export class McpServerAllowList {
  private readonly servers: ReadonlyMap<string, McpServerEntry>;

  /** `service` names the owner of the allow-list in refusals. */
  constructor(
    servers: Readonly<Record<string, McpServerEntry>>,
    private readonly service = 'this service',
  ) {
    this.servers = new Map(Object.entries(servers));
  }

  get names(): string[] {
    return [...this.servers.keys()].sort();
  }

  /** The server called `name`; a final MCP_SERVER_FAILED (not retried) when the allow-list has none. */
  get(name: string): McpServerEntry {
    const spec = this.servers.get(name);
    if (spec) return spec;
    const known = this.names.length > 0 ? this.names.join(', ') : 'none';
    throw new BusError(
      'MCP_SERVER_FAILED',
      `MCP server '${name}' is not in ${this.service}'s MCP_SERVERS allow-list (configured: ${known})`,
      {
        retryable: false,
        details: { server: name },
      },
    );
  }

  /** The server called `name`, which must be one to start over stdio; an HTTP entry is a final MCP_SERVER_FAILED. */
  stdio(name: string): McpServerSpec {
    const entry = this.get(name);
    if (!isHttpServer(entry)) return entry;
    throw new BusError(
      'MCP_SERVER_FAILED',
      `MCP server '${name}' is reached over HTTP in ${this.service}'s allow-list, not started over stdio`,
      {
        retryable: false,
        details: { server: name },
      },
    );
  }
}

export interface McpServersSource {
  /** MCP_SERVERS: a YAML or JSON file of name → {command, args, env, cwd, timeoutMs, state} or {url, headers, timeoutMs}. */
  readonly file?: string | undefined;
  /** MCP_SERVERS_JSON: the same, inline; its entries win over the file's. */
  readonly inline?: string | undefined;
  /** MCP_BUILTIN_SERVERS: whether the reference servers are there unless an entry of the same name replaces one. */
  readonly builtIns: boolean;
  /** ASTRA_DATA_DIR: the filesystem reference server may read and write only under `<dataDir>/mcp-filesystem`. */
  readonly dataDir: string;
  /** The service whose allow-list it is, named in refusals. */
  readonly service?: string;
}

/** The allow-list of a configuration; a ConfigError names the variable and the entries that are wrong, never values. */
export function loadMcpServerAllowList(source: McpServersSource): McpServerAllowList {
  const problems: ConfigProblem[] = [];
  const fromFile =
    source.file === undefined ? {} : parseServers('MCP_SERVERS', () => readFileSync(source.file as string, 'utf8'), problems);
  const inline = source.inline === undefined ? {} : parseServers('MCP_SERVERS_JSON', () => source.inline as string, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const servers = { ...(source.builtIns ? builtInServers(source.dataDir) : {}), ...fromFile, ...inline };
  return new McpServerAllowList(servers, source.service);
}

function parseServers(variable: string, read: () => string, problems: ConfigProblem[]): Record<string, McpServerEntry> {
  let raw: unknown;
  try {
    raw = parseYaml(read());
  } catch (error) {
    // Parser messages quote the offending line, which may hold a secret of an entry's env: say where, not what.
    const at = (error as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    const code = (error as NodeJS.ErrnoException).code;
    problems.push({
      variable,
      problem: code && !at ? `cannot be read (${code})` : `is not valid YAML or JSON${at ? ` (line ${at})` : ''}`,
    });
    return {};
  }
  const parsed = McpServersSchema.safeParse(raw ?? {});
  const report = (path: readonly PropertyKey[], problem: string) =>
    problems.push({ variable: [variable, ...path.map(String)].join('.'), problem });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) report(issue.path, issue.message);
    return {};
  }
  const servers: Record<string, McpServerEntry> = {};
  for (const [name, entry] of Object.entries(parsed.data)) {
    const spec = entrySchema(entry).safeParse(entry);
    if (spec.success) servers[name] = spec.data;
    else for (const issue of spec.error.issues) report([name, ...issue.path], issue.message);
  }
  return servers;
}

/** The reference servers from node_modules, started with the Node that runs the service; memory and filesystem keep state. */
function builtInServers(dataDir: string): Record<string, McpServerSpec> {
  const servers: Record<string, McpServerSpec> = {};
  for (const name of BUILT_IN_MCP_SERVERS) {
    const args = [packageBin(`@modelcontextprotocol/server-${name}`)];
    if (name === 'filesystem') {
      const allowed = resolve(dataDir, 'mcp-filesystem');
      mkdirSync(allowed, { recursive: true });
      args.push(allowed);
    }
    const state = name === 'memory' ? 'memory-file' : name === 'filesystem' ? 'root-folder' : undefined;
    servers[name] = { command: process.execPath, args, ...(state ? { state } : {}) };
  }
  return servers;
}

function packageBin(pkg: string): string {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : Object.values(manifest.bin ?? {})[0];
  if (!bin) throw new Error(`${pkg} declares no bin file`);
  return join(dirname(manifestPath), bin);
}
