import { loadConfig, platformEnv, portSchema } from '@astra/platform/config';
import { z } from 'zod';

export const EnvCompilerConfigSchema = z.object({
  ...platformEnv,
  PORT: portSchema.default(3003),
  // The service's own variables go here, each with a doc comment and a row in README's configuration table.
});

export type EnvCompilerConfig = ReturnType<typeof loadEnvCompilerConfig>;

/** Parsed once at boot from the environment; frozen. */
export function loadEnvCompilerConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(EnvCompilerConfigSchema, env);
}

/** Injection token of the EnvCompilerConfig. */
export const ENV_COMPILER_CONFIG = Symbol.for('astra.env-compiler.config');
