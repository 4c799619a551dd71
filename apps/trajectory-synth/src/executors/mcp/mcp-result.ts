import type { OfferedTool } from '@astra/contracts';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ExecutedCall } from '../tool-executor';

/** The tool as the agent is offered it: the MCP tool's name, description and input schema. */
export function offeredTool(tool: Pick<Tool, 'name' | 'description' | 'inputSchema'>): OfferedTool {
  return {
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.inputSchema as Record<string, unknown>,
    },
  };
}

type Content = CallToolResult['content'][number];

function contentText(part: Content): string {
  switch (part.type) {
    case 'text':
      return part.text;
    case 'resource':
      return 'text' in part.resource ? String(part.resource.text) : `[resource ${part.resource.uri}]`;
    case 'resource_link':
      return `[resource ${part.uri}]`;
    default:
      // Images and audio: the agent reads text only; say what was there rather than dropping it silently.
      return `[${part.type} ${'mimeType' in part ? String(part.mimeType) : ''}]`.replace(' ]', ']');
  }
}

/**
 * An MCP call result as the agent sees it: the structured content when there is some (it fits the tool's output schema,
 * which plan bindings address: the memory server's text is a bare array, its structured content `{ entities: [...] }`),
 * else text content joined; isError is an error.
 */
export function executedFromMcp(result: Pick<CallToolResult, 'content' | 'isError' | 'structuredContent'>): ExecutedCall {
  const status = result.isError === true ? 'error' : 'ok';
  if (result.structuredContent !== undefined) return { status, result: JSON.stringify(result.structuredContent) };
  const parts = (result.content ?? []).map(contentText).filter((text) => text !== '');
  return { status, result: parts.join('\n') };
}
