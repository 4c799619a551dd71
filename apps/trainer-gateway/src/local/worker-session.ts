import { Logger } from '@nestjs/common';
import { BusError } from '@astra/contracts';
import type { ZodType } from 'zod';
import type { RunControl } from '../training/run-control';
import type { TrainingRecords } from '../training/training-records';
import type { TrainingWorker, TrainingWorkerLauncher } from '../worker/training-worker.port';
import { type WorkerEvent, WorkerExitedError, WorkerRequestError } from '../worker/worker-protocol';

const MAX_LINE = 2000;

/** What a session needs from the service. */
export interface WorkerSessionDeps {
  readonly launcher: TrainingWorkerLauncher;
  readonly records: TrainingRecords;
}

/**
 * One worker process of one run: its pid and log lines are stored on the job, a stop of the run kills it, and the
 * events of a request are handled one after the other (a handler that fails stops the worker and fails the request).
 */
export class WorkerSession {
  private readonly log = new Logger('TrainingWorker');
  private logLines: string[] = [];
  private logWrites: Promise<void> = Promise.resolve();
  private unsubscribe: () => void = () => undefined;

  private constructor(
    private readonly deps: WorkerSessionDeps,
    private readonly control: RunControl,
    private worker?: TrainingWorker,
  ) {}

  /** Starts a worker for the run and records its pid. */
  static async open(deps: WorkerSessionDeps, control: RunControl): Promise<WorkerSession> {
    const session = new WorkerSession(deps, control);
    session.worker = await deps.launcher.start((line) => session.onLog(line));
    session.unsubscribe = control.onStop(() => session.worker?.kill());
    await deps.records.update(control.jobId, { workerPid: session.worker.pid ?? null });
    return session;
  }

  get pid(): number | undefined {
    return this.worker?.pid;
  }

  /**
   * Sends a request; `onEvent` handles its events in order, and the request settles after the last handler. A worker
   * killed because the run stopped rejects with the run's stop error; one that died by itself with WorkerExitedError.
   */
  async call<T>(
    op: string,
    args: Record<string, unknown>,
    schema: ZodType<T>,
    onEvent?: (event: WorkerEvent) => Promise<void>,
  ): Promise<T> {
    const worker = this.requireWorker();
    let handled: Promise<void> = Promise.resolve();
    let handlerError: Error | undefined;
    const enqueue = (event: WorkerEvent) => {
      handled = handled
        .then(() => (handlerError === undefined ? onEvent?.(event) : undefined))
        .catch((error: unknown) => {
          handlerError ??= error instanceof Error ? error : new Error(String(error));
          worker.kill();
        });
    };
    try {
      const result = await worker.call(op, args, schema, onEvent ? enqueue : undefined);
      await handled;
      if (handlerError !== undefined) throw handlerError;
      return result;
    } catch (error) {
      await handled;
      if (handlerError !== undefined) throw handlerError;
      if (error instanceof WorkerExitedError && this.control.reason) throw this.control.stopError();
      throw error instanceof WorkerRequestError ? requestFault(error) : error;
    } finally {
      await this.flushLog();
    }
  }

  /** Shuts the worker down (killing it when it does not exit) and stores the last log lines. */
  async close(): Promise<void> {
    this.unsubscribe();
    await this.worker?.close();
    await this.flushLog();
    await this.deps.records.update(this.control.jobId, { workerPid: null });
  }

  private requireWorker(): TrainingWorker {
    if (!this.worker) throw new Error('the worker session has no worker');
    return this.worker;
  }

  private onLog(text: string): void {
    // A traceback's lines stay whole; one runaway line does not fill the row.
    const line = text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text;
    this.log.log(`[${this.control.jobId}] ${line}`);
    this.logLines.push(line);
    // Lines are written in batches so a chatty worker does not write the row per line.
    if (this.logLines.length >= 20) void this.flushLog();
  }

  private flushLog(): Promise<void> {
    const lines = this.logLines;
    this.logLines = [];
    this.logWrites = this.logWrites
      .then(() => this.deps.records.log(this.control.jobId, lines))
      .catch((error: unknown) => this.log.warn(`could not store log lines of ${this.control.jobId}: ${String(error)}`));
    return this.logWrites;
  }
}

/**
 * A request the worker refused as a job fault: its data, the request or its state (DATA, BAD_REQUEST, STATE, or an
 * answer outside the protocol) fail the job for good, since a retry sends the same; INTERNAL (an exception in the
 * worker, out of memory...) is retried until the last delivery.
 */
function requestFault(error: WorkerRequestError): BusError {
  return error.code === 'INTERNAL'
    ? new BusError('INTERNAL', error.message, { cause: error })
    : new BusError('VALIDATION_FAILED', error.message, { cause: error });
}
