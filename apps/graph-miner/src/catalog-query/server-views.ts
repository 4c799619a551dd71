import type { ResponseOf, Registry } from '@astra/contracts';
import { toOpenAiTool } from '@astra/domain/catalog';
import type { CatalogServerVersionEntity, CatalogToolVersionEntity } from '@astra/persistence/graph-miner';

type ShowResponse = ResponseOf<Registry, 'catalog.server.show'>;
export type ServerSummary = ShowResponse['server'];
export type ToolView = ShowResponse['tools'][number];

export function toServerSummary(server: CatalogServerVersionEntity): ServerSummary {
  return {
    name: server.name,
    origin: server.origin,
    toolCount: server.toolCount,
    version: server.version,
    contentHash: server.contentHash,
    updatedAt: server.createdAt,
  };
}

export function toToolView(tool: CatalogToolVersionEntity): ToolView {
  return {
    name: tool.name,
    description: tool.description,
    version: tool.version,
    contentHash: tool.contentHash,
    openai: toOpenAiTool({ ...tool, contentHash: tool.contentHash }),
    outputSchema: tool.outputSchema,
  };
}
