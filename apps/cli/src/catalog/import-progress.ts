import type { ImportReport, Registry, ResponseOf } from '@astra/contracts';
import type { MessageBus } from '@astra/platform/bus';
import { collectPages } from '../output/pages';
import { watchProgress, type WatchOptions } from '../output/watch-progress';

export type { WatchOptions };

type Entries = ResponseOf<Registry, 'catalog.import.entries'>;

/**
 * Polls `catalog.import.status` until the import finishes, drawing a progress bar on a terminal. The status is a
 * summary (counts and the first few servers and rejections), so polling stays cheap however large the import.
 */
export function watchImport(bus: MessageBus, importId: string, options: WatchOptions): Promise<ImportReport> {
  return watchProgress(
    {
      fetch: () => bus.request('catalog.import.status', { importId }),
      finished: (report) => report.status === 'completed' || report.status === 'failed',
      progress: (report) => ({
        done: report.progress.done,
        total: report.progress.total,
        phase: report.progress.total === 0 ? 'reading sources' : 'storing',
      }),
      format: 'importing [{bar}] {value}/{total} servers {phase}',
      initialPhase: 'reading sources',
      notAnswering: `graph-miner does not answer; import ${importId} is queued and runs when it starts (astra catalog status ${importId})`,
      stillRunning: (seconds) =>
        `import ${importId} did not finish within ${seconds} s; it goes on in graph-miner (astra catalog status ${importId})`,
    },
    options,
  );
}

type Part = 'servers' | 'rejections' | 'errors';

/** The import report with every server, rejection and error: the summary's lists, completed page by page. */
export async function completeImportReport(bus: MessageBus, summary: ImportReport): Promise<ImportReport> {
  if (summary.status === 'pending') return summary;
  const { importId } = summary;
  /** Every page of one part, or undefined when the summary already holds all of it. */
  const all = async <T>(part: Part, have: number, total: number, pick: (page: Entries) => T[] | undefined): Promise<T[] | undefined> => {
    if (have >= total) return undefined;
    const fetch = (cursor: string | undefined) => bus.request('catalog.import.entries', { importId, part, ...(cursor ? { cursor } : {}) });
    return (await collectPages(fetch, (page) => pick(page) ?? [])).items;
  };
  const [servers, rejections, errors] = await Promise.all([
    all('servers', summary.servers?.length ?? 0, summary.serversImported, (page) => page.servers),
    all('rejections', summary.rejections.length, summary.rejectionsTotal, (page) => page.rejections),
    all('errors', summary.errors.length, summary.errorsTotal, (page) => page.errors),
  ]);
  return { ...summary, ...(servers ? { servers } : {}), ...(rejections ? { rejections } : {}), ...(errors ? { errors } : {}) };
}
