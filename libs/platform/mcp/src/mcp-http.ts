import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpHttpServerSpec } from './mcp-server-allow-list';

/** Connects to an allow-listed HTTP server (a seam for tests, as StdioTransportFactory is for processes). */
export type HttpTransportFactory = (spec: McpHttpServerSpec) => Transport;

/** A streamable HTTP transport to the configured URL, sending the configured headers with every request. */
export const streamableHttpTransport: HttpTransportFactory = (spec) =>
  new StreamableHTTPClientTransport(new URL(spec.url), { requestInit: { headers: spec.headers ?? {} } });

/**
 * Ends the transport's MCP session on the server when it has one (an HTTP DELETE), so a server that keeps state per
 * session drops it; a server that does not support it, or is gone, is left alone.
 */
export async function endHttpSession(transport: Transport): Promise<void> {
  if (transport instanceof StreamableHTTPClientTransport && transport.sessionId !== undefined) {
    await transport.terminateSession().catch(() => undefined);
  }
}
