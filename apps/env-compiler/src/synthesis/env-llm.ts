import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type LlmClient, requireLlmRole } from '@astra/platform/llm';

/** Injection token of the optional LlmClient (null when env-compiler has no LLM config). */
export const ENV_LLM_CLIENT = Symbol.for('astra.env-compiler.llm-client');

/** The roles env-compiler asks models in; each is configured on its own (model, endpoints, sampling). */
export const ENV_LLM_ROLES = {
  qaGenerator: 'qa_generator',
  qaVerifier: 'qa_verifier',
  toolWriter: 'tool_writer',
  toolMerger: 'tool_merger',
  embeddings: 'embeddings',
} as const;

/** The model client when one is configured; features that need it refuse clearly when it is not. */
@Injectable()
export class EnvLlm implements OnModuleDestroy {
  constructor(@Inject(ENV_LLM_CLIENT) readonly client: LlmClient | null) {}

  /** Whether a role is configured (`strategy: auto` picks llm when qa_generator is). */
  has(role: string): boolean {
    return this.client?.config.roles[role] !== undefined;
  }

  /** The client and the role's model, or VALIDATION_FAILED naming the missing configuration. */
  require(feature: string, role: string): { client: LlmClient; model: string } {
    const { client, model } = requireLlmRole(this.client, 'env-compiler', feature, role);
    return { client, model };
  }

  async onModuleDestroy(): Promise<void> {
    await this.client?.close();
  }
}
