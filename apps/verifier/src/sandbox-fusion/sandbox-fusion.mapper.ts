import type { SandboxResult } from '@astra/contracts';

export interface CommandRunResult {
  status: 'Finished' | 'Error' | 'TimeLimitExceeded';
  execution_time: number | null;
  return_code: number | null;
  stdout: string | null;
  stderr: string | null;
}

export interface RunCodeResponse {
  status: 'Success' | 'Failed' | 'SandboxError';
  message: string;
  compile_result: CommandRunResult | null;
  run_result: CommandRunResult | null;
  executor_pod_name: string | null;
  files: Record<string, string>;
}

/** Maps a sandbox result to SandboxFusion's answer: timeouts are TimeLimitExceeded, failures exit with code 1. */
export function toRunCodeResponse(result: SandboxResult): RunCodeResponse {
  const timeout = result.status === 'timeout';
  const run: CommandRunResult = {
    status: timeout ? 'TimeLimitExceeded' : 'Finished',
    execution_time: result.durationMs / 1000,
    return_code: timeout ? null : result.status === 'ok' ? 0 : exitCode(result),
    stdout: result.stdout,
    stderr: result.stderr,
  };
  const message = result.status === 'ok' ? '' : `${result.status}${result.error ? `: ${result.error.type}` : ''}`;
  return {
    status: result.status === 'ok' ? 'Success' : 'Failed',
    message,
    compile_result: null,
    run_result: run,
    executor_pod_name: null,
    files: {},
  };
}

/** The answer when the sandbox itself failed (the call may be retried). */
export function sandboxErrorResponse(message: string): RunCodeResponse {
  return { status: 'SandboxError', message, compile_result: null, run_result: null, executor_pod_name: null, files: {} };
}

function exitCode(result: SandboxResult): number {
  const match = result.error?.type === 'SystemExit' ? /^(\d+)$/.exec(result.error.message) : null;
  return match ? Number(match[1]) : 1;
}
