import { setTimeout as delay } from 'node:timers/promises';
import { BusError } from '@astra/contracts';
import { Presets, SingleBar } from 'cli-progress';

export interface WatchOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** How long the status RPC may go unanswered (the service not running) before giving up. */
  readonly noResponderGraceMs?: number;
  readonly stream?: NodeJS.WritableStream;
}

/** What to poll and how to draw it. */
export interface ProgressSource<T> {
  /** Asks the service for the current status (a status RPC). */
  fetch(): Promise<T>;
  finished(status: T): boolean;
  progress(status: T): { done: number; total: number; phase: string };
  /** cli-progress format, e.g. 'importing [{bar}] {value}/{total} servers {phase}'. */
  readonly format: string;
  readonly initialPhase: string;
  /** Said when the service does not answer: the work is queued and runs when it starts. */
  readonly notAnswering: string;
  /** Said when the work outlives the timeout: it goes on in the service. */
  readonly stillRunning: (seconds: number) => string;
}

/**
 * Polls a status RPC until the work finishes, drawing a progress bar; a service that does not answer is tolerated for
 * a grace period. The status RPC is the one way the CLI follows work: it also answers for work that finished before
 * the CLI asked, which an event the CLI was not yet listening for cannot.
 */
export async function watchProgress<T>(source: ProgressSource<T>, options: WatchOptions): Promise<T> {
  const stream = options.stream ?? process.stderr;
  const bar = new SingleBar(
    { stream: stream as NodeJS.WriteStream, format: source.format, hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  const started = Date.now();
  let lastAnswer = Date.now();
  bar.start(0, 0, { phase: source.initialPhase });
  try {
    for (;;) {
      const status = await source.fetch().catch((error: unknown) => {
        const busError = BusError.from(error);
        if (busError.code !== 'NO_RESPONDERS' && busError.code !== 'TIMEOUT') throw busError;
        if (Date.now() - lastAnswer > (options.noResponderGraceMs ?? 15_000)) throw new BusError(busError.code, source.notAnswering);
        return undefined;
      });
      if (status !== undefined) {
        lastAnswer = Date.now();
        if (source.finished(status)) return status;
        const { done, total, phase } = source.progress(status);
        bar.setTotal(total);
        bar.update(done, { phase });
      }
      if (Date.now() - started > options.timeoutMs)
        throw new BusError('TIMEOUT', source.stillRunning(Math.round(options.timeoutMs / 1000)));
      await delay(options.intervalMs ?? 200);
    }
  } finally {
    bar.stop();
  }
}
