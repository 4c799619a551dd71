import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { BusError } from '@astra/contracts';
import { type LlmClient, requireLlmRole } from '@astra/platform/llm';

/** Injection token of the optional LlmClient (null when graph-miner has no LLM config). */
export const GRAPH_LLM_CLIENT = Symbol.for('astra.graph-miner.llm-client');

/** Roles graph-miner asks models in. */
export const LLM_ROLES = { proposer: 'chain_proposer', judge: 'chain_judge' } as const;

/** The model client when one is configured; features that need it refuse clearly when it is not. */
@Injectable()
export class GraphLlm implements OnModuleDestroy {
  constructor(@Inject(GRAPH_LLM_CLIENT) private readonly client: LlmClient | null) {}

  /**
   * The client, the role's model and its capacity (the calls its endpoints take at once, which is how many units of
   * work are worth running side by side), or VALIDATION_FAILED naming the missing configuration.
   */
  require(feature: string, role: string): { client: LlmClient; model: string; capacity: number } {
    const { client, model, config } = requireLlmRole(this.client, 'graph-miner', feature, role);
    const capacity = Math.max(
      1,
      (config.endpoints ?? []).reduce((sum, endpoint) => sum + endpoint.maxConcurrency, 0),
    );
    return { client, model, capacity };
  }

  async onModuleDestroy(): Promise<void> {
    await this.client?.close();
  }
}

/** Runs a structured call; an answer that failed its schema after the repair turn comes back as `{ invalid }`. */
export async function invalidAsData<T>(call: () => Promise<T>): Promise<{ value: T } | { invalid: string }> {
  try {
    return { value: await call() };
  } catch (error) {
    if (error instanceof BusError && error.code === 'LLM_OUTPUT_INVALID') return { invalid: error.message };
    throw error;
  }
}
