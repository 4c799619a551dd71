import type { RawServer, RawTool } from './catalog.types';
import { isPlainObject } from './json-schema.normalizer';

/** The parts of an MCP `tools/list` entry the catalog uses. */
export interface McpToolListing {
  readonly name: string;
  readonly description?: string;
  readonly title?: string;
  readonly inputSchema?: unknown;
  readonly outputSchema?: unknown;
  readonly annotations?: unknown;
}

/** Maps one MCP tool (tools/list entry) to a raw catalog tool. */
export function mapMcpTool(tool: McpToolListing): RawTool {
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: tool.inputSchema,
    outputSchema: tool.outputSchema,
  };
}

/** Groups the tools one MCP server listed into a raw server. */
export function mapMcpServer(
  name: string,
  origin: 'mcp-stdio' | 'mcp-http',
  tools: readonly McpToolListing[],
  serverInfo?: { name?: string; version?: string; instructions?: string },
): RawServer {
  const metadata: Record<string, unknown> = {};
  if (serverInfo?.name) metadata.serverInfo = { name: serverInfo.name, version: serverInfo.version };
  const annotated = tools.filter((tool) => isPlainObject(tool.annotations));
  if (annotated.length > 0) {
    metadata.annotations = Object.fromEntries(annotated.map((tool) => [tool.name, tool.annotations]));
  }
  return {
    name,
    origin,
    description: serverInfo?.instructions,
    metadata,
    tools: tools.map(mapMcpTool),
  };
}
