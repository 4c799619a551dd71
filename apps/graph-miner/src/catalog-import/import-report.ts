import type { ImportReport } from '@astra/contracts';
import type { CatalogRejection } from '@astra/domain/catalog';
import type { CatalogImportItemEntity, CatalogImportRepository, CatalogImportRunEntity } from '@astra/persistence/graph-miner';

/** The report of an import as the database holds it (pending when no delivery has begun it). */
export async function readImportReport(imports: CatalogImportRepository, importId: string): Promise<ImportReport> {
  const run = await imports.findRun(importId);
  if (!run) return pendingReport(importId);
  const [items, rejections] = await Promise.all([imports.items(importId), imports.rejections(importId)]);
  return composeReport(run, items, rejections);
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
    errors: [],
    progress: { done: 0, total: 0 },
    servers: [],
  };
}

/** Builds the import report from what is stored: the run, its per-server items and its rejections. */
export function composeReport(run: CatalogImportRunEntity, items: readonly CatalogImportItemEntity[], rejections: readonly CatalogRejection[]): ImportReport {
  const sum = (pick: (item: CatalogImportItemEntity) => number) => items.reduce((total, item) => total + pick(item), 0);
  const tooSmall = rejections.filter((r) => r.reason === 'too_few_tools').length;
  return {
    importId: run.importId,
    status: run.status,
    sources: run.sourcesTotal,
    serversSeen: run.serversTotal + tooSmall,
    serversImported: items.length,
    toolsImported: sum((item) => item.toolsImported),
    toolsNewVersions: sum((item) => item.toolsNewVersions),
    toolsUnchanged: sum((item) => item.toolsUnchanged),
    rejections: [...rejections],
    errors: [...run.errors],
    startedAt: run.startedAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    progress: { done: run.serversDone, total: run.serversTotal },
    servers: items.map((item) => ({
      name: item.serverName,
      outcome: item.outcome,
      version: item.serverVersion,
      toolsImported: item.toolsImported,
      toolsNewVersions: item.toolsNewVersions,
      toolsUnchanged: item.toolsUnchanged,
    })),
    attempts: run.attempts,
    ...(run.error ? { error: run.error } : {}),
  };
}
