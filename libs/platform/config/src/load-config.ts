import type { z } from 'zod';
import { envSecrets, redactSecrets } from './secret-redaction';

/** A readonly view of a value, all the way down. */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends ReadonlyArray<infer U>
    ? ReadonlyArray<DeepReadonly<U>>
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

/** One problem with one variable. */
export interface ConfigProblem {
  readonly variable: string;
  readonly problem: string;
}

/** Every configuration problem found at boot, reported at once. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(['Invalid configuration:', ...problems.map((p) => `  ${p.variable}: ${p.problem}`)].join('\n'));
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses `env` (normally process.env, read by the caller's *.config.ts) with `schema` once, and returns a deeply
 * frozen result. Empty strings count as unset, so `FOO=` falls back to the default like a missing variable.
 * Throws one ConfigError that lists every invalid or missing variable by name; a message never quotes the value of
 * a secret-named variable (KEY, TOKEN, SECRET, PASSWORD...) nor the credentials of a URL, even when a custom check
 * of the service's schema would.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env): DeepReadonly<z.output<S>> {
  const input = withoutEmptyValues(env);
  const result = safeParse(schema, input);
  if (!result.success) {
    const secrets = envSecrets(input);
    const problems = result.error.issues.map((issue) => {
      const variable = issue.path.map(String).join('.') || '(root)';
      const first = issue.path[0];
      const missing = typeof first === 'string' && issue.path.length === 1 && input[first] === undefined;
      return { variable, problem: missing ? 'is required but not set' : redactSecrets(issue.message, secrets) };
    });
    throw new ConfigError(problems);
  }
  return deepFreeze(result.data) as DeepReadonly<z.output<S>>;
}

/** safeParse, with an error thrown by a transform or refinement reported by its kind alone: it may quote a value. */
function safeParse<S extends z.ZodType>(schema: S, input: Record<string, string | undefined>): ReturnType<S['safeParse']> {
  try {
    return schema.safeParse(input) as ReturnType<S['safeParse']>;
  } catch (error) {
    const kind = error instanceof Error ? error.name : typeof error;
    throw new ConfigError([{ variable: '(schema)', problem: `a check threw ${kind}; its message is not shown as it may quote a value` }]);
  }
}

function withoutEmptyValues(env: Env): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

/** Freezes an object and everything it holds. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}
