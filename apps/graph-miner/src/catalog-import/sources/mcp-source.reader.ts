import { BusError, type CatalogSource } from '@astra/contracts';
import { mapMcpServer, type RawServer } from '@astra/domain/catalog';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { redactSecrets, urlCredentials } from '@astra/platform/config';
import {
  listAllTools,
  type McpServerAllowList,
  spawnStdioTransport,
  StderrTail,
  type StdioTransportFactory,
  withDeadline,
} from '@astra/platform/mcp';

export type McpSource = Extract<CatalogSource, { type: 'mcp-stdio' | 'mcp-http' }>;

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function httpTransport(source: Extract<McpSource, { type: 'mcp-http' }>): Transport {
  return new StreamableHTTPClientTransport(new URL(source.url), { requestInit: { headers: source.headers ?? {} } });
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
    const spec = source.type === 'mcp-stdio' ? this.allowList.stdio(source.name) : undefined;
    const timeoutMs = source.timeoutMs ?? spec?.timeoutMs ?? this.defaultTimeoutMs;
    const stderr = new StderrTail();
    const client = new Client({ name: 'astra-graph-miner', version: '0.1.0' });
    let transport: Transport | undefined;
    try {
      transport = source.type === 'mcp-http' ? httpTransport(source) : this.spawnStdio(this.allowList.stdio(source.name), stderr);
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
