import { setTimeout as delay } from 'node:timers/promises';
import { BusError, type ImportReport } from '@astra/contracts';
import type { MessageBus } from '@astra/platform/bus';
import { Presets, SingleBar } from 'cli-progress';

export interface WatchOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** How long the status RPC may go unanswered (graph-miner not running) before giving up. */
  readonly noResponderGraceMs?: number;
  readonly stream?: NodeJS.WritableStream;
}

function finished(report: ImportReport): boolean {
  return report.status === 'completed' || report.status === 'failed';
}

/** Polls `catalog.import.status` until the import finishes, drawing a progress bar on a terminal. */
export async function watchImport(bus: MessageBus, importId: string, options: WatchOptions): Promise<ImportReport> {
  const stream = options.stream ?? process.stderr;
  const bar = new SingleBar(
    { stream: stream as NodeJS.WriteStream, format: 'importing [{bar}] {value}/{total} servers {phase}', hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  const started = Date.now();
  let lastAnswer = Date.now();
  bar.start(0, 0, { phase: 'reading sources' });
  try {
    for (;;) {
      const report = await bus.request('catalog.import.status', { importId }).catch((error: unknown) => {
        const busError = BusError.from(error);
        if (busError.code !== 'NO_RESPONDERS' && busError.code !== 'TIMEOUT') throw busError;
        if (Date.now() - lastAnswer > (options.noResponderGraceMs ?? 15_000)) {
          throw new BusError(busError.code, `graph-miner does not answer; import ${importId} is queued and runs when it starts (astra catalog status ${importId})`);
        }
        return undefined;
      });
      if (report) {
        lastAnswer = Date.now();
        if (finished(report)) return report;
        bar.setTotal(report.progress.total);
        bar.update(report.progress.done, { phase: report.progress.total === 0 ? 'reading sources' : 'storing' });
      }
      if (Date.now() - started > options.timeoutMs) {
        throw new BusError('TIMEOUT', `import ${importId} did not finish within ${Math.round(options.timeoutMs / 1000)} s; it goes on in graph-miner (astra catalog status ${importId})`);
      }
      await delay(options.intervalMs ?? 200);
    }
  } finally {
    bar.stop();
  }
}
