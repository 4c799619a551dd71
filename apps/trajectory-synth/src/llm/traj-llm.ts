import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type LlmClient, requireLlmRole } from '@astra/platform/llm';

/** Injection token of the optional LlmClient (null when trajectory-synth has no LLM config). */
export const TRAJECTORY_LLM_CLIENT = Symbol.for('astra.trajectory-synth.llm-client');

/** The roles trajectory-synth asks models in; each is configured on its own (model, endpoints, sampling). */
export const TRAJ_LLM_ROLES = {
  taskWriter: 'task_writer',
  taskScorer: 'task_scorer',
  agent: 'agent',
  toolSimulator: 'tool_simulator',
} as const;

/** The model client when one is configured; features that need it refuse clearly when it is not. */
@Injectable()
export class TrajLlm implements OnModuleDestroy {
  constructor(@Inject(TRAJECTORY_LLM_CLIENT) readonly client: LlmClient | null) {}

  /** Whether a role is configured (`auto` choices pick the model path when it is). */
  has(role: string): boolean {
    return this.client?.config.roles[role] !== undefined;
  }

  /** The client and the role's model, or VALIDATION_FAILED naming the missing configuration. */
  require(feature: string, role: string): { client: LlmClient; model: string } {
    const { client, model } = requireLlmRole(this.client, 'trajectory-synth', feature, role);
    return { client, model };
  }

  async onModuleDestroy(): Promise<void> {
    await this.client?.close();
  }
}
