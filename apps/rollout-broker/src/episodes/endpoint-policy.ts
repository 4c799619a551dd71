import { performance } from 'node:perf_hooks';
import type { PolicySpec, WireMessage } from '@astra/contracts';
import type { ChatMessage, ChatResult, LlmClient, SamplingParams } from '@astra/platform/llm';
import type { Policy, PolicyTurn, PolicyTurnRequest } from './episode.types';
import { POLICY_ROLE } from './policy-clients';

type EndpointSpec = Extract<PolicySpec, { kind: 'endpoint' }>;

/** A policy served by an OpenAI-compatible endpoint (vLLM, SGLang, the trainer-gateway's policy server). */
export class EndpointPolicy implements Policy {
  constructor(
    readonly spec: EndpointSpec,
    private readonly client: LlmClient,
  ) {}

  async turn(request: PolicyTurnRequest): Promise<PolicyTurn> {
    const start = performance.now();
    const result = await this.client.chat(
      POLICY_ROLE,
      {
        messages: request.messages.map(toChatMessage),
        tools: request.tools.map((t) => ({ type: 'function', function: { ...t.function } })),
        params: this.params(request.tokensLeft),
      },
      { stage: 'rollout' },
    );
    return toPolicyTurn(result, performance.now() - start);
  }

  private params(tokensLeft: number): SamplingParams {
    const { max_tokens: maxTokens, ...rest } = this.spec.params;
    const params: SamplingParams = { ...rest, max_tokens: Math.max(1, Math.min(maxTokens ?? tokensLeft, tokensLeft)) };
    // vLLM's names; other servers ignore unknown keys (or refuse them, which the spec's logprobs=false avoids).
    if (this.spec.logprobs) Object.assign(params, { logprobs: true, return_token_ids: true });
    return params;
  }
}

/** The wire message without reasoning_content: a model is not shown its own earlier reasoning. */
function toChatMessage(m: WireMessage): ChatMessage {
  const out: ChatMessage = { role: m.role, content: m.content };
  if (m.tool_calls) out.tool_calls = m.tool_calls.map((c) => ({ id: c.id, type: 'function', function: { ...c.function } }));
  if (m.tool_call_id !== undefined) out.tool_call_id = m.tool_call_id;
  return out;
}

function toPolicyTurn(result: ChatResult, latencyMs: number): PolicyTurn {
  const message: WireMessage = { ...result.message };
  // Kept in the record (training data); stripped again before the next request.
  if (result.reasoning !== null) message.reasoning_content = result.reasoning;
  return {
    content: result.content,
    reasoning: result.reasoning,
    toolCalls: result.toolCalls,
    finishReason: result.finishReason,
    usage: result.usage,
    latencyMs,
    ...(result.tokens ? { tokens: result.tokens } : {}),
    message,
  };
}
