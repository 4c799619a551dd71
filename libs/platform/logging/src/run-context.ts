import { AsyncLocalStorage } from 'node:async_hooks';

interface RunScope {
  readonly runId: string;
}

const storage = new AsyncLocalStorage<RunScope>();

/** The pipeline run the current async call chain works for; log lines and published messages carry it. */
export const runContext = {
  /** Runs `fn` (and everything it awaits or schedules) as part of run `runId`. */
  run<T>(runId: string, fn: () => T): T {
    return storage.run({ runId }, fn);
  },
  /** The run id of the current call chain, if any. */
  current(): string | undefined {
    return storage.getStore()?.runId;
  },
};

/** The run id of the current call chain, if any. */
export function currentRunId(): string | undefined {
  return runContext.current();
}
