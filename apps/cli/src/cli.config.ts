import { busEnv, loadConfig } from '@astra/platform/config';
import { z } from 'zod';

/** A run id travels in a NATS header: printable ASCII without spaces. */
export const RUN_ID_PATTERN = /^[\x21-\x7e]{1,200}$/;

export const CliConfigSchema = z.object({
  ...busEnv,
  /** Run the messages of each command belong to (a script sets it once for several commands); default: a new id. */
  ASTRA_RUN_ID: z.string().regex(RUN_ID_PATTERN, 'must be 1 to 200 printable characters without spaces').optional(),
});

export type CliConfig = ReturnType<typeof loadCliConfig>;

/** The CLI's configuration, from the environment. */
export function loadCliConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(CliConfigSchema, env);
}
