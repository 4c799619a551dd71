import { busEnv, loadConfig } from '@astra/platform/config';
import { z } from 'zod';

export const CliConfigSchema = z.object({
  ...busEnv,
  /** Local state of the CLI: the allowed directory of the mcp:filesystem shorthand lives here. */
  ASTRA_DATA_DIR: z.string().default('.data'),
});

export type CliConfig = ReturnType<typeof loadCliConfig>;

/** The CLI's configuration, from the environment. */
export function loadCliConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(CliConfigSchema, env);
}
