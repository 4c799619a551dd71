import type { ImportReport } from '@astra/contracts';
import type { MessageBus } from '@astra/platform/bus';
import { watchProgress, type WatchOptions } from '../output/watch-progress';

export type { WatchOptions };

/** Polls `catalog.import.status` until the import finishes, drawing a progress bar on a terminal. */
export function watchImport(bus: MessageBus, importId: string, options: WatchOptions): Promise<ImportReport> {
  return watchProgress(
    {
      fetch: () => bus.request('catalog.import.status', { importId }),
      finished: (report) => report.status === 'completed' || report.status === 'failed',
      progress: (report) => ({ done: report.progress.done, total: report.progress.total, phase: report.progress.total === 0 ? 'reading sources' : 'storing' }),
      format: 'importing [{bar}] {value}/{total} servers {phase}',
      initialPhase: 'reading sources',
      notAnswering: `graph-miner does not answer; import ${importId} is queued and runs when it starts (astra catalog status ${importId})`,
      stillRunning: (seconds) => `import ${importId} did not finish within ${seconds} s; it goes on in graph-miner (astra catalog status ${importId})`,
    },
    options,
  );
}
