import { IMPORT_STATUS_PREVIEW, type ImportedServer, type ImportReport } from '@astra/contracts';
import type {
  CatalogImportItemEntity,
  CatalogImportRepository,
  CatalogImportRunEntity,
  ImportTotals,
} from '@astra/persistence/graph-miner';

/**
 * The summary of an import as the database holds it (pending when no delivery has begun it): counts summed by the
 * database and the first IMPORT_STATUS_PREVIEW servers, rejections and errors, so that polling a large import reads
 * a few rows and answers a small reply.
 */
export async function readImportReport(imports: CatalogImportRepository, importId: string): Promise<ImportReport> {
  const run = await imports.findRun(importId);
  if (!run) return pendingReport(importId);
  const [totals, items, rejections] = await Promise.all([
    imports.totals(importId),
    imports.itemsPage(importId, undefined, IMPORT_STATUS_PREVIEW),
    imports.rejectionsPage(importId, undefined, IMPORT_STATUS_PREVIEW),
  ]);
  return composeReport(run, totals, { servers: items.map(toImportedServer), rejections: rejections.map((r) => r.rejection) });
}

/** The report of an import that no delivery has picked up yet. */
export function pendingReport(importId: string): ImportReport {
  return {
    importId,
    status: 'pending',
    sources: 0,
    serversSeen: 0,
    serversImported: 0,
    toolsImported: 0,
    toolsNewVersions: 0,
    toolsUnchanged: 0,
    rejections: [],
    rejectionsTotal: 0,
    errors: [],
    errorsTotal: 0,
    progress: { done: 0, total: 0 },
    servers: [],
  };
}

/** What one import did with one server, as the report shows it. */
export function toImportedServer(item: CatalogImportItemEntity): ImportedServer {
  return {
    name: item.serverName,
    outcome: item.outcome,
    version: item.serverVersion,
    toolsImported: item.toolsImported,
    toolsNewVersions: item.toolsNewVersions,
    toolsUnchanged: item.toolsUnchanged,
  };
}

/** Builds the import summary from the run, its totals and the first of its servers and rejections. */
export function composeReport(
  run: CatalogImportRunEntity,
  totals: ImportTotals,
  first: Pick<ImportReport, 'servers' | 'rejections'>,
): ImportReport {
  return {
    importId: run.importId,
    status: run.status,
    sources: run.sourcesTotal,
    serversSeen: run.serversTotal + totals.tooFewTools,
    serversImported: totals.serversImported,
    toolsImported: totals.toolsImported,
    toolsNewVersions: totals.toolsNewVersions,
    toolsUnchanged: totals.toolsUnchanged,
    rejections: first.rejections,
    rejectionsTotal: totals.rejections,
    errors: run.errors.slice(0, IMPORT_STATUS_PREVIEW),
    errorsTotal: run.errors.length,
    startedAt: run.startedAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    progress: { done: run.serversDone, total: run.serversTotal },
    servers: first.servers,
    attempts: run.attempts,
    ...(run.error ? { error: run.error } : {}),
  };
}
