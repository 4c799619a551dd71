import type { SandboxResult } from '@astra/contracts';
import type { WorkerRun } from './sandbox-worker';

/**
 * Turns a worker's run into the result a caller sees; the host's timer decides `timeout`. `durationMs` is the code's
 * own run; `queuedMs` the wait for a free worker before it (a busy pool), reported apart.
 */
export function toResult(run: WorkerRun, queuedMs: number): SandboxResult {
  const { outcome } = run;
  const timedOut = run.timedOut && outcome.status !== 'output_limit';
  const result: SandboxResult = {
    status: timedOut ? 'timeout' : outcome.status,
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    durationMs: roundMs(run.runMs),
    queuedMs: roundMs(Math.max(0, queuedMs)),
  };
  if (outcome.error) result.error = outcome.error;
  if (timedOut && !outcome.error) result.error = { type: 'Timeout', message: 'the code did not return within its time limit' };
  if (outcome.valueJson !== undefined && result.status === 'ok') result.value = JSON.parse(outcome.valueJson) as unknown;
  return result;
}

function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Whether two runs of the same call agree on everything but their duration. */
export function sameOutcome(a: SandboxResult, b: SandboxResult): boolean {
  const strip = (r: SandboxResult) => JSON.stringify([r.status, r.stdout, r.stderr, r.value ?? null, r.error ?? null]);
  return strip(a) === strip(b);
}
