import type { z } from 'zod';
import { BusError } from '@astra/contracts';
import type { PromptMessage } from '@astra/domain/environments';
import type { CallContext, LlmClient, SamplingParams } from '@astra/platform/llm';

/** How many times a step is asked (each ask includes the client's own repair turn) before it is a recorded failure. */
export const STEP_ASKS = 2;

/** A step whose answers never became valid: the unit (or the candidate) fails with this step named. */
export class LlmStepFailure extends Error {
  constructor(
    readonly step: string,
    readonly reason: string,
  ) {
    super(`${step}: ${reason}`);
    this.name = 'LlmStepFailure';
  }
}

/**
 * Structured calls for the pipeline's steps. An answer that fails its schema gets the client's repair turn; if that
 * fails too, the step is asked afresh once more (with the error in the prompt, so a cached or deterministic model is
 * not asked the identical request), then it is an LlmStepFailure. Other faults (the model unreachable) pass through
 * for the job to retry.
 */
export class LlmSteps {
  constructor(
    private readonly client: LlmClient,
    private readonly context: CallContext,
  ) {}

  async ask<T>(step: string, role: string, schema: z.ZodType<T>, messages: PromptMessage[], params?: SamplingParams): Promise<T> {
    let lastError = '';
    for (let ask = 1; ask <= STEP_ASKS; ask += 1) {
      const prompt = ask === 1 ? messages : withRetryNote(messages, ask, lastError);
      try {
        const answer = await this.client.structured(role, schema, { messages: prompt, params }, this.context);
        return answer.value;
      } catch (error) {
        if (!(error instanceof BusError) || error.code !== 'LLM_OUTPUT_INVALID') throw error;
        lastError = error.message;
      }
    }
    throw new LlmStepFailure(step, `no valid answer after ${STEP_ASKS} asks (each with a repair turn); last: ${lastError}`);
  }
}

function withRetryNote(messages: PromptMessage[], ask: number, error: string): PromptMessage[] {
  const note = `\n\n(Attempt ${ask}: an earlier answer to this request could not be used: ${error.slice(0, 1000)})`;
  return messages.map((m, i) => (i === messages.length - 1 ? { ...m, content: `${m.content}${note}` } : m));
}
