import type { Rejection } from '@astra/contracts';
import { buildCatalog, type CatalogBuild, groupByServer, type RawServer } from '@astra/domain/catalog';
import { jobFault } from '@astra/platform/jobs';

/** The rejection of a whole server that could not be normalised or stored, with the fault as its detail. */
export function serverFailed(server: string, error: unknown, line?: number): Rejection {
  const fault = jobFault(error);
  return { server, reason: 'server_failed', detail: `${fault.code}: ${fault.message}`, ...(line === undefined ? {} : { line }) };
}

/** The servers built, the rejections, and how many servers failed as a whole (they count as seen and done). */
export interface ServersBuilt extends CatalogBuild {
  readonly failed: number;
}

/**
 * buildCatalog one server at a time, so that a server whose normalisation throws (a schema nested deeper than the
 * stack, say) is that server's `server_failed` rejection and every other server is still built. Normalisation is
 * pure, so whatever it throws would throw again on a redelivery: it is never retried.
 */
export function buildServers(raw: readonly RawServer[], minTools: number): ServersBuilt {
  const built = { servers: [] as CatalogBuild['servers'], rejections: [] as CatalogBuild['rejections'], failed: 0 };
  for (const group of groupByServer(raw)) {
    try {
      const one = buildCatalog([group], { minTools });
      built.servers.push(...one.servers);
      built.rejections.push(...one.rejections);
    } catch (error) {
      built.rejections.push(serverFailed(group.name, error, group.line));
      built.failed += 1;
    }
  }
  return built;
}
