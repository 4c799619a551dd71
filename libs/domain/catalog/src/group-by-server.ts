import type { RawServer } from './catalog.types';

/**
 * Merges raw servers that share a name (several JSONL rows, several files) into one, keeping the order in which
 * names first appear. Origin, description and line come from the first; metadata and tools are concatenated.
 */
export function groupByServer(servers: readonly RawServer[]): RawServer[] {
  const byName = new Map<string, RawServer>();
  for (const server of servers) {
    const seen = byName.get(server.name);
    if (!seen) {
      byName.set(server.name, server);
      continue;
    }
    byName.set(server.name, {
      ...seen,
      description: seen.description ?? server.description,
      metadata: { ...server.metadata, ...seen.metadata },
      tools: [...seen.tools, ...server.tools],
    });
  }
  return [...byName.values()];
}
