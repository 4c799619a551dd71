import { BusError, type CatalogSource } from '@astra/contracts';
import { mapMcpServer, type McpToolListing, type RawServer } from '@astra/domain/catalog';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { redactSecrets, urlCredentials } from '@astra/platform/config';
import type { McpServerAllowList, McpServerSpec } from './mcp-server-allow-list';

export type McpSource = Extract<CatalogSource, { type: 'mcp-stdio' | 'mcp-http' }>;

/** At most this many `tools/list` pages: a server that keeps returning cursors is broken. */
const MAX_PAGES = 1000;
const STDERR_TAIL = 2000;

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Keeps the last bytes a child process wrote to stderr, to explain why it failed. */
export class StderrTail {
  private text = '';
  append(chunk: unknown): void {
    this.text = (this.text + String(chunk)).slice(-STDERR_TAIL);
  }
  toString(): string {
    const trimmed = this.text.trim();
    return trimmed === '' ? '' : `; stderr: ${trimmed.split('\n').slice(-5).join(' | ')}`;
  }
}

/** Starts the process of an allow-listed server (a seam for tests: the only place a child process is started). */
export type StdioTransportFactory = (spec: McpServerSpec, stderr: StderrTail) => Transport;

/** The process of an allow-listed server, over stdio, with its stderr kept to explain a failure. */
export const spawnStdioTransport: StdioTransportFactory = (spec, stderr) => {
  const transport = new StdioClientTransport({
    command: spec.command,
    args: spec.args,
    env: { ...getDefaultEnvironment(), ...spec.env },
    cwd: spec.cwd,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: unknown) => stderr.append(chunk));
  return transport;
};

function httpTransport(source: Extract<McpSource, { type: 'mcp-http' }>): Transport {
  return new StreamableHTTPClientTransport(new URL(source.url), { requestInit: { headers: source.headers ?? {} } });
}

async function listAllTools(client: Client, timeoutMs: number): Promise<McpToolListing[]> {
  const tools: McpToolListing[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout: timeoutMs });
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (!cursor) return tools;
  }
  throw new Error(`tools/list returned more than ${MAX_PAGES} pages`);
}

function withDeadline<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Reads the tools of one MCP server, following `tools/list` cursors: a stdio server named by the source and started as
 * the allow-list says (a name it does not list is a final failure, and nothing is started), or a streamable HTTP one.
 */
export class McpSourceReader {
  constructor(
    private readonly defaultTimeoutMs: number,
    private readonly allowList: McpServerAllowList,
    private readonly spawnStdio: StdioTransportFactory = spawnStdioTransport,
  ) {}

  /**
   * Connects, lists every tool and closes the connection (and the child process) whatever happens.
   * Fails with MCP_SERVER_FAILED naming the server and the cause.
   */
  async read(source: McpSource): Promise<RawServer> {
    // Looked up before anything starts: a name the allow-list lacks fails here, by itself.
    const spec = source.type === 'mcp-stdio' ? this.allowList.get(source.name) : undefined;
    const timeoutMs = source.timeoutMs ?? spec?.timeoutMs ?? this.defaultTimeoutMs;
    const stderr = new StderrTail();
    const client = new Client({ name: 'astra-graph-miner', version: '0.1.0' });
    let transport: Transport | undefined;
    try {
      transport = source.type === 'mcp-http' ? httpTransport(source) : this.spawnStdio(this.allowList.get(source.name), stderr);
      const connected = transport;
      const tools = await withDeadline(
        (async () => {
          await client.connect(connected, { timeout: timeoutMs });
          return listAllTools(client, timeoutMs);
        })(),
        timeoutMs,
        'connect and tools/list',
      );
      return mapMcpServer(source.name, source.type, tools, {
        ...client.getServerVersion(),
        instructions: client.getInstructions(),
      });
    } catch (error) {
      const where = source.type === 'mcp-stdio' ? 'stdio' : `url ${redactSecrets(source.url, urlCredentials(source.url))}`;
      throw new BusError('MCP_SERVER_FAILED', `MCP server "${source.name}" (${where}) failed: ${describeError(error)}${stderr}`, {
        cause: error,
        details: { server: source.name },
      });
    } finally {
      await client.close().catch(() => undefined);
      await transport?.close().catch(() => undefined);
    }
  }
}
