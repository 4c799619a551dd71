// Adapts MCP tools/list results (inputSchema/outputSchema) to the ToolServer shape used here.

import { JsonSchema, ToolServer } from './tool-graph.types';

/** A tool as MCP's tools/list reports it. */
export interface McpToolListing {
  name: string;
  description?: string;
  inputSchema?: JsonSchema;
  outputSchema?: JsonSchema | null;
}

/** Builds a ToolServer from an MCP server's name and its tools/list result. */
export function serverFromMcpTools(name: string, tools: readonly McpToolListing[]): ToolServer {
  return {
    name,
    tools: tools.map((t) => ({
      name: t.name,
      description: t.description ?? '',
      parameters: t.inputSchema ?? { type: 'object', properties: {} },
      outputSchema: t.outputSchema ?? null,
    })),
  };
}
