import { booleanFlag, loadConfig, platformEnv, portSchema } from '@astra/platform/config';
import { loadLlmConfig, type LlmConfig } from '@astra/platform/llm';
import { z } from 'zod';
import { loadMcpServerAllowList, type McpServerAllowList } from '@astra/platform/mcp';

export const GraphMinerConfigSchema = z.object({
  ...platformEnv,
  PORT: portSchema.default(3001),
  /**
   * The MCP servers graph-miner may start over stdio, as a YAML or JSON file of name → {command, args, env, cwd,
   * timeoutMs}: an import names one and never says how to start it.
   */
  MCP_SERVERS: z.string().optional(),
  /** The same as inline JSON; its entries win over the file's. */
  MCP_SERVERS_JSON: z.string().optional(),
  /** Whether the npm reference servers (memory, filesystem under ASTRA_DATA_DIR, everything) are allowed too. */
  MCP_BUILTIN_SERVERS: booleanFlag.default(true),
  /** Deadline for connecting to an MCP server and listing its tools. */
  MCP_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Servers with fewer usable tools are rejected (the paper uses 3). */
  CATALOG_MIN_TOOLS: z.coerce.number().int().min(1).default(3),
  /** MCP sources read at once during one import. */
  CATALOG_SOURCE_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /** LLM roles (chain_proposer, chain_judge) as a YAML or JSON file; needed by llm/hybrid graphs and vote/backtranslation. */
  ASTRA_LLM_CONFIG: z.string().optional(),
  /** The same as inline JSON; give at most one of the two. */
  ASTRA_LLM_CONFIG_JSON: z.string().optional(),
});

export type GraphMinerConfig = ReturnType<typeof loadGraphMinerConfig>;

/** Parsed once at boot from the environment; frozen. */
export function loadGraphMinerConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(GraphMinerConfigSchema, env);
}

/** Injection token of the GraphMinerConfig. */
export const GRAPH_MINER_CONFIG = Symbol.for('astra.graph-miner.config');

/** The MCP servers this graph-miner may start (MCP_SERVERS, MCP_SERVERS_JSON, MCP_BUILTIN_SERVERS); read at boot. */
export function loadGraphMinerMcpServers(config: GraphMinerConfig): McpServerAllowList {
  return loadMcpServerAllowList({
    file: config.MCP_SERVERS,
    inline: config.MCP_SERVERS_JSON,
    builtIns: config.MCP_BUILTIN_SERVERS,
    dataDir: config.ASTRA_DATA_DIR,
    service: 'graph-miner',
  });
}

/** The LLM config named by ASTRA_LLM_CONFIG or ASTRA_LLM_CONFIG_JSON, or undefined when neither is set. */
export function loadGraphMinerLlmConfig(
  config: Pick<GraphMinerConfig, 'ASTRA_LLM_CONFIG' | 'ASTRA_LLM_CONFIG_JSON'>,
): LlmConfig | undefined {
  if (config.ASTRA_LLM_CONFIG === undefined && config.ASTRA_LLM_CONFIG_JSON === undefined) return undefined;
  return loadLlmConfig({ file: config.ASTRA_LLM_CONFIG, inline: config.ASTRA_LLM_CONFIG_JSON });
}
