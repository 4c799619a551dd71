import { performance } from 'node:perf_hooks';
import type { PolicySpec, WireMessage } from '@astra/contracts';
import { oracleTurn } from '@astra/domain/rollouts';
import type { ToolCall } from '@astra/platform/llm';
import type { Policy, PolicyTurn, PolicyTurnRequest } from './episode.types';

type OracleSpec = Extract<PolicySpec, { kind: 'oracle' }>;

/** The no-model reference policy: follows the environment's decomposition, erring at the spec's noise rate. */
export class OraclePolicy implements Policy {
  constructor(readonly spec: OracleSpec) {}

  async turn(request: PolicyTurnRequest): Promise<PolicyTurn> {
    const start = performance.now();
    const offered = request.tools.map((t) => t.function.name);
    const next = oracleTurn(request.environment, [...request.history], offered, this.spec.noise, request.episodeSeed, request.turn);
    const toolCalls: ToolCall[] = next.calls.map((c, i) => {
      const rawArguments = JSON.stringify(c.arguments);
      return { id: `call_${request.turn}_${i}`, name: c.name, arguments: c.arguments, rawArguments };
    });
    const message: WireMessage =
      toolCalls.length === 0
        ? { role: 'assistant', content: next.content }
        : {
            role: 'assistant',
            content: next.content.length > 0 ? next.content : null,
            tool_calls: toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.rawArguments } })),
          };
    return {
      content: next.content,
      reasoning: null,
      toolCalls,
      finishReason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
      usage: { inputTokens: 0, outputTokens: 0 },
      latencyMs: performance.now() - start,
      message,
    };
  }
}
