import type { PolicySpec } from '@astra/contracts';
import type { ToolCall } from '@astra/platform/llm';
import type { Policy, PolicyTurn, PolicyTurnRequest } from '../../src/episodes/episode.types';

/** What a scripted turn says: text, and calls as [name, arguments object or raw text]. */
export interface ScriptedTurn {
  content?: string;
  calls?: [string, Record<string, unknown> | string][];
  outputTokens?: number;
}

/** A policy that plays scripted turns (the last one repeats) and records what it was asked. */
export class FakePolicy implements Policy {
  readonly spec: PolicySpec = {
    kind: 'endpoint',
    baseUrl: 'http://127.0.0.1:1/v1',
    model: 'fake',
    version: 'v1',
    params: {},
    logprobs: false,
  };
  readonly requests: PolicyTurnRequest[] = [];

  constructor(
    private readonly script: ScriptedTurn[] | ((request: PolicyTurnRequest) => ScriptedTurn),
    private readonly fault?: Error,
  ) {}

  async turn(request: PolicyTurnRequest): Promise<PolicyTurn> {
    this.requests.push({ ...request, messages: [...request.messages] });
    if (this.fault) throw this.fault;
    const s =
      typeof this.script === 'function' ? this.script(request) : (this.script[Math.min(request.turn, this.script.length - 1)] ?? {});
    const toolCalls: ToolCall[] = (s.calls ?? []).map(([name, args], i) => {
      const raw = typeof args === 'string' ? args : JSON.stringify(args);
      const parsed = typeof args === 'string' ? null : args;
      return { id: `c${request.turn}_${i}`, name, arguments: parsed, rawArguments: raw, ...(parsed ? {} : { error: 'bad JSON' }) };
    });
    const content = s.content ?? '';
    return {
      content,
      reasoning: null,
      toolCalls,
      finishReason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
      usage: { inputTokens: 10, outputTokens: s.outputTokens ?? 5 },
      latencyMs: 1,
      message:
        toolCalls.length === 0
          ? { role: 'assistant', content }
          : {
              role: 'assistant',
              content: content || null,
              tool_calls: toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.rawArguments } })),
            },
    };
  }
}
