import { z } from 'zod';
import { SANDBOX_MESSAGES, type SandboxLanguage } from '../messages/sandbox.messages';

// SandboxFusion's POST /run_code, served by the verifier so RL frameworks' sandbox clients work unchanged. Its
// defaults are SandboxFusion's (a run timeout of 10 s; no memory limit named means the server's own cap), and every
// bound is the one the bus contract of sandbox.code.execute enforces, so HTTP and NATS callers get the same limits.

/** SandboxFusion's language names that the sandbox runs, and the sandbox language each one means. */
export const SANDBOX_FUSION_LANGUAGES = {
  python: 'python',
  python3: 'python',
  nodejs: 'javascript',
  javascript: 'javascript',
  js: 'javascript',
} as const satisfies Record<string, SandboxLanguage>;

const LANGUAGE_NAMES = Object.keys(SANDBOX_FUSION_LANGUAGES) as [
  keyof typeof SANDBOX_FUSION_LANGUAGES,
  ...(keyof typeof SANDBOX_FUSION_LANGUAGES)[],
];

/** SandboxFusion's default run timeout, in seconds. */
export const SANDBOX_FUSION_DEFAULT_RUN_TIMEOUT_S = 10;
/** The longest run the bus contract allows, in seconds. */
export const SANDBOX_FUSION_MAX_RUN_TIMEOUT_S = 600;
const MAX_MEMORY_MB = 2048;
const MAX_TEXT = 4 * 1024 * 1024;
/** Most entries of `files` and `fetch_files`: the sandbox ignores both, and thousands of them stalled parsing. */
export const SANDBOX_FUSION_MAX_FILES = 256;

/** A record or list of at most SANDBOX_FUSION_MAX_FILES entries, counted before zod walks them. */
const fewEntries = (value: unknown): boolean =>
  typeof value !== 'object' || value === null || Object.keys(value).length <= SANDBOX_FUSION_MAX_FILES;
const tooMany = { message: `at most ${SANDBOX_FUSION_MAX_FILES} entries` };

/**
 * Body of POST /run_code. Fields the sandbox has no use for (files, fetch_files, compile_timeout) are accepted and
 * ignored, up to SANDBOX_FUSION_MAX_FILES entries.
 */
export const RunCodeRequestSchema = z.object({
  code: z.string().max(MAX_TEXT),
  language: z.enum(LANGUAGE_NAMES),
  compile_timeout: z.number().nonnegative().optional(),
  /** Seconds. */
  run_timeout: z.number().positive().max(SANDBOX_FUSION_MAX_RUN_TIMEOUT_S).default(SANDBOX_FUSION_DEFAULT_RUN_TIMEOUT_S),
  /** MB; -1 (SandboxFusion's default), any value up to 0, or absent: the server's cap. */
  memory_limit_MB: z.number().int().max(MAX_MEMORY_MB).default(-1),
  stdin: z.string().max(MAX_TEXT).nullish(),
  files: z
    .custom<unknown>(fewEntries, tooMany)
    .pipe(z.record(z.string(), z.string().max(MAX_TEXT).nullable()))
    .optional(),
  fetch_files: z
    .custom<unknown>(fewEntries, tooMany)
    .pipe(z.array(z.string().max(MAX_TEXT)))
    .optional(),
});
export type RunCodeRequest = z.infer<typeof RunCodeRequestSchema>;

export type SandboxExecuteInput = z.infer<(typeof SANDBOX_MESSAGES)['sandbox.code.execute']['payload']>;

/** The sandbox.code.execute payload a /run_code request means, parsed by that message's own schema. */
export function toExecutePayload(request: RunCodeRequest): SandboxExecuteInput {
  return SANDBOX_MESSAGES['sandbox.code.execute'].payload.parse({
    language: SANDBOX_FUSION_LANGUAGES[request.language],
    code: request.code,
    stdin: request.stdin ?? undefined,
    limits: {
      timeMs: Math.ceil(request.run_timeout * 1000),
      memoryMb: request.memory_limit_MB > 0 ? request.memory_limit_MB : undefined,
    },
  });
}

/** One validation error in SandboxFusion's (FastAPI's) shape. */
export interface ValidationDetail {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** Parses a /run_code body: the request, or the 422 `detail` items that SandboxFusion's clients expect. */
export function parseRunCodeRequest(body: unknown): { ok: true; request: RunCodeRequest } | { ok: false; detail: ValidationDetail[] } {
  const parsed = RunCodeRequestSchema.safeParse(body, { reportInput: true });
  return parsed.success ? { ok: true, request: parsed.data } : { ok: false, detail: toValidationDetail(parsed.error.issues) };
}

/** Zod issues (parsed with reportInput) as FastAPI's 422 `detail` items: location from `body`, message, type. */
export function toValidationDetail(issues: readonly z.core.$ZodIssue[]): ValidationDetail[] {
  return issues.map((issue) => {
    const loc = ['body', ...issue.path.map((part) => (typeof part === 'number' ? part : String(part)))];
    if (issue.code === 'invalid_type' && issue.input === undefined) return { loc, msg: 'Field required', type: 'missing' };
    return { loc, msg: issue.message, type: validationType(issue) };
  });
}

function validationType(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `${issue.expected}_type`;
    case 'too_big':
      return issue.origin === 'string' ? 'string_too_long' : 'less_than_equal';
    case 'too_small':
      return issue.origin === 'string' ? 'string_too_short' : 'greater_than';
    case 'invalid_value':
      return 'enum';
    default:
      return 'value_error';
  }
}
