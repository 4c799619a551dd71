import type { ZodType } from 'zod';
import type { WorkerEvent, WorkerExit } from './worker-protocol';

/** One running training worker: requests answered one at a time, with events while they run. */
export interface TrainingWorker {
  /** The OS process id (absent for a fake). */
  readonly pid: number | undefined;
  /** Resolves when the process has ended. */
  readonly exited: Promise<WorkerExit>;
  /**
   * Sends `op` with `args` and resolves with the result checked by `schema`; rejects with WorkerRequestError when the
   * worker answers an error, WorkerExitedError when it ends first. `onEvent` gets the request's events in order.
   */
  call<T>(op: string, args: Record<string, unknown>, schema: ZodType<T>, onEvent?: (event: WorkerEvent) => void): Promise<T>;
  /** Ends the process at once (SIGKILL); pending requests reject with WorkerExitedError. */
  kill(): void;
  /** Asks the worker to shut down, and kills it when it has not exited within `graceMs`. */
  close(graceMs?: number): Promise<void>;
}

/** Port: starts training workers (the Python process in production, a fake in unit tests). */
export abstract class TrainingWorkerLauncher {
  /** Starts a worker; `onLog` gets each line it logs (stderr). Rejects when the process cannot start. */
  abstract start(onLog: (line: string) => void): Promise<TrainingWorker>;
}
