import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { LlmClient } from '@astra/platform/llm';

/** Injection token of the optional LlmClient (null when the verifier has no LLM config). */
export const JUDGE_LLM_CLIENT = Symbol.for('astra.verifier.llm-client');

/** The LLM role the trajectory judge asks. */
export const JUDGE_ROLE = 'judge';

/** The judge model when the `judge` role is configured; without it, judging runs on the rule checks alone. */
@Injectable()
export class JudgeLlm implements OnModuleDestroy {
  constructor(@Inject(JUDGE_LLM_CLIENT) private readonly client: LlmClient | null) {}

  /** The client and the judge role's model, or null when no judge role is configured. */
  judge(): { client: LlmClient; model: string } | null {
    const role = this.client?.config.roles[JUDGE_ROLE];
    if (!this.client || role === undefined) return null;
    return { client: this.client, model: role.model };
  }

  async onModuleDestroy(): Promise<void> {
    await this.client?.close();
  }
}
