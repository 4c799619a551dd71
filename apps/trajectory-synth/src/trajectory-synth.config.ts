import { booleanFlag, loadConfig, platformEnv, portSchema } from '@astra/platform/config';
import { loadLlmConfig, type LlmConfig } from '@astra/platform/llm';
import { z } from 'zod';

export const TrajectorySynthConfigSchema = z.object({
  ...platformEnv,
  PORT: portSchema.default(3002),
  /**
   * LLM roles as a YAML or JSON file: task_writer (generation and augmentation), task_scorer, agent (the model that
   * solves tasks), tool_simulator (simulated tools). Without it every stage uses its no-model strategy.
   */
  ASTRA_LLM_CONFIG: z.string().optional(),
  /** The same as inline JSON; give at most one of the two. */
  ASTRA_LLM_CONFIG_JSON: z.string().optional(),
  /** The MCP servers trajectory-synth may start (as graph-miner's MCP_SERVERS): a task never says how to start one. */
  MCP_SERVERS: z.string().optional(),
  /** The same as inline JSON; its entries win over the file's. */
  MCP_SERVERS_JSON: z.string().optional(),
  /** Whether the npm reference servers (memory, filesystem in a fresh temp folder per trajectory, everything) are allowed. */
  MCP_BUILTIN_SERVERS: booleanFlag.default(true),
  /** Deadline for starting an MCP server and for each of its calls. */
  MCP_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Trajectories (or tasks) worked on at once in one job. */
  TRAJ_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** Personas for persona augmentation, one per line (a small default set ships with the service). */
  TRAJ_PERSONAS_FILE: z.string().optional(),
});

export type TrajectorySynthConfig = ReturnType<typeof loadTrajectorySynthConfig>;

/** Parsed once at boot from the environment; frozen. */
export function loadTrajectorySynthConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(TrajectorySynthConfigSchema, env);
}

/** Injection token of the TrajectorySynthConfig. */
export const TRAJECTORY_SYNTH_CONFIG = Symbol.for('astra.trajectory-synth.config');

/** The LLM config named by ASTRA_LLM_CONFIG or ASTRA_LLM_CONFIG_JSON, or undefined when neither is set. */
export function loadTrajectorySynthLlmConfig(
  config: Pick<TrajectorySynthConfig, 'ASTRA_LLM_CONFIG' | 'ASTRA_LLM_CONFIG_JSON'>,
): LlmConfig | undefined {
  if (config.ASTRA_LLM_CONFIG === undefined && config.ASTRA_LLM_CONFIG_JSON === undefined) return undefined;
  return loadLlmConfig({ file: config.ASTRA_LLM_CONFIG, inline: config.ASTRA_LLM_CONFIG_JSON });
}
