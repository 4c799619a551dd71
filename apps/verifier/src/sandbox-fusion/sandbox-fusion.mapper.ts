import { z } from 'zod';
import type { SandboxLanguage, SandboxResult } from '@astra/contracts';

/** SandboxFusion's language names that this sandbox runs. */
const LANGUAGES: Record<string, SandboxLanguage> = { python: 'python', python3: 'python', nodejs: 'javascript', javascript: 'javascript', js: 'javascript' };

/** Body of SandboxFusion's POST /run_code; fields the sandbox has no use for (files, compile_timeout) are accepted. */
export const RunCodeRequestSchema = z.object({
  code: z.string(),
  language: z.string().refine((l) => l in LANGUAGES, { message: `language must be one of ${Object.keys(LANGUAGES).join(', ')}` }),
  compile_timeout: z.number().optional(),
  /** Seconds. */
  run_timeout: z.number().positive().optional(),
  memory_limit_MB: z.number().optional(),
  stdin: z.string().nullish(),
  files: z.record(z.string(), z.string().nullable()).optional(),
  fetch_files: z.array(z.string()).optional(),
});
export type RunCodeRequest = z.infer<typeof RunCodeRequestSchema>;

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

export function languageOf(request: RunCodeRequest): SandboxLanguage {
  return LANGUAGES[request.language] as SandboxLanguage;
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
  return { status: result.status === 'ok' ? 'Success' : 'Failed', message, compile_result: null, run_result: run, executor_pod_name: null, files: {} };
}

/** The answer when the sandbox itself failed (the call may be retried). */
export function sandboxErrorResponse(message: string): RunCodeResponse {
  return { status: 'SandboxError', message, compile_result: null, run_result: null, executor_pod_name: null, files: {} };
}

function exitCode(result: SandboxResult): number {
  const match = result.error?.type === 'SystemExit' ? /^(\d+)$/.exec(result.error.message) : null;
  return match ? Number(match[1]) : 1;
}
