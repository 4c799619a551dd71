import { BusError } from '@astra/contracts';
import type { LlmRoleConfig } from './llm-config.schema';
import type { LlmClient } from './llm-client';

/**
 * The client and one role of a service's optional LLM config, or VALIDATION_FAILED naming what is missing: the config
 * (and the variables that set it) or the role. `feature` says what needed the model, e.g. "an llm graph".
 */
export function requireLlmRole(
  client: LlmClient | null,
  service: string,
  feature: string,
  role: string,
): { client: LlmClient; model: string; config: LlmRoleConfig } {
  if (!client) {
    throw new BusError(
      'VALIDATION_FAILED',
      `${feature} needs a model, and ${service} has no LLM config: set ASTRA_LLM_CONFIG (file) or ASTRA_LLM_CONFIG_JSON with role "${role}"`,
    );
  }
  const config = client.config.roles[role];
  if (config === undefined)
    throw new BusError('VALIDATION_FAILED', `${feature} needs LLM role "${role}", which the LLM config does not define`);
  return { client, model: config.model, config };
}
