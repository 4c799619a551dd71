import { loadConfig, platformEnv, portSchema } from '@astra/platform/config';
import { z } from 'zod';

export const TrainerGatewayConfigSchema = z.object({
  ...platformEnv,
  PORT: portSchema.default(3006),
  // The service's own variables go here, each with a doc comment and a row in README's configuration table.
});

export type TrainerGatewayConfig = ReturnType<typeof loadTrainerGatewayConfig>;

/** Parsed once at boot from the environment; frozen. */
export function loadTrainerGatewayConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(TrainerGatewayConfigSchema, env);
}

/** Injection token of the TrainerGatewayConfig. */
export const TRAINER_GATEWAY_CONFIG = Symbol.for('astra.trainer-gateway.config');
