import { loadConfig, platformEnv, portSchema } from '@astra/platform/config';
import { loadLlmConfig, type LlmConfig } from '@astra/platform/llm';
import { z } from 'zod';
import type { SandboxSettings } from './sandbox/sandbox-settings';

const count = (fallback: number) => z.coerce.number().int().min(1).max(64).default(fallback);

export const VerifierConfigSchema = z.object({
  ...platformEnv,
  PORT: portSchema.default(3004),
  /** Warm Pyodide workers (about 30 MB and 2-6 s to start each). */
  SANDBOX_PYTHON_WORKERS: count(2),
  /** Warm QuickJS workers. */
  SANDBOX_JS_WORKERS: count(2),
  SANDBOX_DEFAULT_TIME_MS: z.coerce.number().int().positive().default(5_000),
  SANDBOX_DEFAULT_MEMORY_MB: z.coerce.number().int().positive().max(2048).default(128),
  SANDBOX_DEFAULT_OUTPUT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /**
   * Most bytes one result carries as JSON (stdout, stderr, value and error together); output past it is cut and the
   * call is output_limit. Keep it well under the NATS server's max_payload (1 MiB by default), which a reply cannot pass.
   */
  SANDBOX_MAX_RESULT_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(512 * 1024),
  /** After the time limit, how long code that ignores its interrupt runs before its worker is terminated. */
  SANDBOX_KILL_GRACE_MS: z.coerce.number().int().positive().default(500),
  SANDBOX_START_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  /** When set, POST /run_code requires `Authorization: Bearer <token>` (health probes stay open). */
  VERIFIER_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Calls queued per worker before callers get UNAVAILABLE (retryable). */
  SANDBOX_MAX_QUEUE: z.coerce.number().int().positive().default(10_000),
  /**
   * LLM roles as a YAML or JSON file; with a `judge` role, judge.trajectory.evaluate scores the seven dimensions
   * through it, and without one it judges on the model-free rule checks alone.
   */
  ASTRA_LLM_CONFIG: z.string().optional(),
  /** The same as inline JSON; give at most one of the two. */
  ASTRA_LLM_CONFIG_JSON: z.string().optional(),
});

export type VerifierConfig = ReturnType<typeof loadVerifierConfig>;

/** Parsed once at boot from the environment; frozen. */
export function loadVerifierConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(VerifierConfigSchema, env);
}

/** The sandbox part of the configuration. */
export function sandboxSettings(config: VerifierConfig): SandboxSettings {
  return {
    pythonWorkers: config.SANDBOX_PYTHON_WORKERS,
    javascriptWorkers: config.SANDBOX_JS_WORKERS,
    defaults: {
      timeMs: config.SANDBOX_DEFAULT_TIME_MS,
      memoryMb: config.SANDBOX_DEFAULT_MEMORY_MB,
      outputBytes: config.SANDBOX_DEFAULT_OUTPUT_BYTES,
    },
    killGraceMs: config.SANDBOX_KILL_GRACE_MS,
    startTimeoutMs: config.SANDBOX_START_TIMEOUT_MS,
    maxQueue: config.SANDBOX_MAX_QUEUE,
    maxResultBytes: config.SANDBOX_MAX_RESULT_BYTES,
  };
}

/** The LLM config named by ASTRA_LLM_CONFIG or ASTRA_LLM_CONFIG_JSON, or undefined when neither is set. */
export function loadVerifierLlmConfig(config: Pick<VerifierConfig, 'ASTRA_LLM_CONFIG' | 'ASTRA_LLM_CONFIG_JSON'>): LlmConfig | undefined {
  if (config.ASTRA_LLM_CONFIG === undefined && config.ASTRA_LLM_CONFIG_JSON === undefined) return undefined;
  return loadLlmConfig({ file: config.ASTRA_LLM_CONFIG, inline: config.ASTRA_LLM_CONFIG_JSON });
}
