import { BusError } from '@astra/contracts';
import type { JsonSchema, ToolServer } from '@astra/domain/tool-graph';
import type { CatalogVersionRepository, CatalogServerVersionEntity, ServerWithTools } from '@astra/persistence/graph-miner';

/** A catalog server version as the tool-graph core sees it: names, descriptions, parameters, output schemas. */
export function toToolServer(found: ServerWithTools): ToolServer {
  return {
    name: found.server.name,
    tools: found.tools.map((t) => ({
      name: t.name,
      description: t.description,
      parameters: t.parameters as JsonSchema,
      outputSchema: (t.outputSchema ?? null) as JsonSchema | null,
    })),
  };
}

/** The named servers (latest versions), or every server in the catalog when none are named. */
export async function resolveServers(versions: CatalogVersionRepository, names: readonly string[] | undefined): Promise<ServerWithTools[]> {
  const wanted =
    names && names.length > 0 ? [...new Set(names)] : (await versions.listLatestServers()).map((s: CatalogServerVersionEntity) => s.name);
  const found: ServerWithTools[] = [];
  for (const name of wanted) {
    const server = await versions.findServer(name);
    if (!server) throw new BusError('NOT_FOUND', `no server "${name}" in the catalog`);
    found.push(server);
  }
  return found;
}
