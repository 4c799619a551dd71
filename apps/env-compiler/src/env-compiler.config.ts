import { loadConfig, platformEnv, portSchema } from '@astra/platform/config';
import { loadLlmConfig, type LlmConfig } from '@astra/platform/llm';
import { z } from 'zod';

export const EnvCompilerConfigSchema = z.object({
  ...platformEnv,
  PORT: portSchema.default(3003),
  /**
   * LLM roles (qa_generator, qa_verifier, tool_writer, tool_merger, embeddings) as a YAML or JSON file; with it,
   * `strategy: auto` runs the llm strategy and distractor pools use the embeddings role.
   */
  ASTRA_LLM_CONFIG: z.string().optional(),
  /** The same as inline JSON; give at most one of the two. */
  ASTRA_LLM_CONFIG_JSON: z.string().optional(),
  /** The most distractor tools stored per similarity band for each environment. */
  ENV_DISTRACTORS_PER_BAND: z.coerce.number().int().min(0).max(100).default(8),
  /** Time limit of each tool check call in the sandbox (a looping tool fails after it). */
  ENV_CHECK_TIME_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** Synthesis units (environments in the making) worked on at once in one job. */
  ENV_UNIT_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /**
   * llm strategy: the share of candidate decompositions kept (the paper's top-k). ceil(1 / fraction) candidates are
   * generated per unit and the best one is kept, so 0.34 asks for 3.
   */
  ENV_LLM_KEPT_FRACTION: z.coerce.number().gt(0).max(1).default(0.34),
  /** llm strategy: the least mean of the four QA verification scores (0..1) a kept decomposition needs. */
  ENV_LLM_MIN_QA_SCORE: z.coerce.number().min(0).max(1).default(0.7),
  /** llm strategy: attempts at a tool's code (the first plus repairs) before its unit is recorded as a failure. */
  ENV_LLM_CODE_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
});

export type EnvCompilerConfig = ReturnType<typeof loadEnvCompilerConfig>;

/** Parsed once at boot from the environment; frozen. */
export function loadEnvCompilerConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(EnvCompilerConfigSchema, env);
}

/** Injection token of the EnvCompilerConfig. */
export const ENV_COMPILER_CONFIG = Symbol.for('astra.env-compiler.config');

/** The LLM config named by ASTRA_LLM_CONFIG or ASTRA_LLM_CONFIG_JSON, or undefined when neither is set. */
export function loadEnvCompilerLlmConfig(
  config: Pick<EnvCompilerConfig, 'ASTRA_LLM_CONFIG' | 'ASTRA_LLM_CONFIG_JSON'>,
): LlmConfig | undefined {
  if (config.ASTRA_LLM_CONFIG === undefined && config.ASTRA_LLM_CONFIG_JSON === undefined) return undefined;
  return loadLlmConfig({ file: config.ASTRA_LLM_CONFIG, inline: config.ASTRA_LLM_CONFIG_JSON });
}
