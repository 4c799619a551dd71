import { z } from 'zod';
import { BusError, valueNestsDeeperThan } from '@astra/contracts';
import type { ChatMessage, ChatResult, ToolCall, WireToolCall } from './llm.types';
import { MAX_MODEL_JSON_DEPTH } from './model-json';
import { splitThink } from './think.parser';
import { parseTextToolCalls, parseWireToolCall } from './tool-call.parser';

const WireToolCallSchema = z.object({
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.object({ name: z.string(), arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish() }),
});

const TokenIdsSchema = z.array(z.number().int()).nullish();

/** Per-token log-probabilities (OpenAI `logprobs.content`); other fields, like top_logprobs, are ignored. */
const LogprobsSchema = z.object({ content: z.array(z.object({ token: z.string(), logprob: z.number() })).nullish() }).nullish();

/** The part of an OpenAI chat completion that the client reads (servers add many other fields). */
export const ChatCompletionSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullish(),
        message: z.object({
          content: z.string().nullish(),
          reasoning_content: z.string().nullish(),
          reasoning: z.string().nullish(),
          tool_calls: z.array(WireToolCallSchema).nullish(),
        }),
        logprobs: LogprobsSchema,
        /** vLLM with return_token_ids: the completion's token ids (and, in some versions, the prompt's here). */
        token_ids: TokenIdsSchema,
        prompt_token_ids: TokenIdsSchema,
      }),
    )
    .min(1),
  /** vLLM with return_token_ids: the prompt's token ids. */
  prompt_token_ids: TokenIdsSchema,
  usage: z.object({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() }).nullish(),
});
export type ChatCompletion = z.infer<typeof ChatCompletionSchema>;

/** Deepest body accepted: room for tool arguments of MAX_MODEL_JSON_DEPTH inside the completion's own structure. */
const MAX_BODY_DEPTH = 2 * MAX_MODEL_JSON_DEPTH;

/**
 * Validates a server's body; a body of the wrong shape is reported, never half-read. A body nesting deeper than
 * twice MAX_MODEL_JSON_DEPTH is refused before anything stringifies it (the response cache does).
 */
export function readChatCompletion(body: unknown): ChatCompletion {
  if (valueNestsDeeperThan(body, MAX_BODY_DEPTH)) {
    throw new BusError('LLM_UNAVAILABLE', `chat completion nests objects and arrays deeper than ${MAX_BODY_DEPTH} levels`, {
      retryable: false,
    });
  }
  const parsed = ChatCompletionSchema.safeParse(body);
  if (!parsed.success) {
    throw new BusError('LLM_UNAVAILABLE', `chat completion of an unexpected shape: ${parsed.error.issues[0]?.message}`, {
      retryable: false,
      details: parsed.error.issues,
    });
  }
  return parsed.data;
}

function nativeCalls(wire: z.infer<typeof WireToolCallSchema>[]): ToolCall[] {
  return wire.map((w, i) => {
    const args = w.function.arguments;
    if (typeof args === 'object' && args !== null && valueNestsDeeperThan(args, MAX_MODEL_JSON_DEPTH)) {
      // Refused before JSON.stringify, which would overflow the stack on the server's object.
      const error = `tool call arguments nest objects and arrays deeper than ${MAX_MODEL_JSON_DEPTH} levels`;
      return { id: w.id || `call_${i}`, name: w.function.name, rawArguments: '', arguments: null, error };
    }
    const text = typeof args === 'string' ? args : args ? JSON.stringify(args) : '';
    return parseWireToolCall({ id: w.id ?? '', type: 'function', function: { name: w.function.name, arguments: text } }, i);
  });
}

/** Turns a completion into a ChatResult: reasoning apart from the answer, tool calls native or parsed from text. */
export function toChatResult(
  completion: ChatCompletion,
  options: { requestModel: string; textToolCalls: boolean; cached: boolean; latencyMs: number },
): ChatResult {
  const choice = completion.choices[0] as ChatCompletion['choices'][number];
  const msg = choice.message;
  const split = splitThink(msg.content ?? '');
  const reasoningField = msg.reasoning_content ?? msg.reasoning ?? null;
  const reasoning = [reasoningField, split.reasoning].filter((r): r is string => !!r).join('\n\n') || null;
  let content = split.answer;
  let toolCalls: ToolCall[] = [];
  let toolCallSource: ChatResult['toolCallSource'] = 'none';
  if (msg.tool_calls && msg.tool_calls.length > 0) {
    toolCalls = nativeCalls(msg.tool_calls);
    toolCallSource = 'native';
  } else if (options.textToolCalls && content.length > 0) {
    const parsed = parseTextToolCalls(content);
    if (parsed && parsed.calls.length > 0) {
      toolCalls = parsed.calls;
      content = parsed.remainder;
      toolCallSource = 'text';
    }
  }
  return {
    content,
    reasoning,
    thinkUnclosed: split.unclosed,
    toolCalls,
    toolCallSource,
    finishReason: choice.finish_reason ?? null,
    model: completion.model ?? options.requestModel,
    usage: { inputTokens: completion.usage?.prompt_tokens ?? 0, outputTokens: completion.usage?.completion_tokens ?? 0 },
    cached: options.cached,
    latencyMs: options.latencyMs,
    message: assistantMessage(content, toolCalls),
    ...tokensOf(completion, choice),
  };
}

/** The per-token data the server sent, if any (vLLM's logprobs and return_token_ids); absent fields stay absent. */
function tokensOf(completion: ChatCompletion, choice: ChatCompletion['choices'][number]): Pick<ChatResult, 'tokens'> {
  const tokens: NonNullable<ChatResult['tokens']> = {};
  const promptTokenIds = completion.prompt_token_ids ?? choice.prompt_token_ids;
  if (promptTokenIds) tokens.promptTokenIds = promptTokenIds;
  if (choice.token_ids) tokens.tokenIds = choice.token_ids;
  const content = choice.logprobs?.content;
  if (content) {
    tokens.tokens = content.map((t) => t.token);
    tokens.logprobs = content.map((t) => t.logprob);
  }
  return Object.keys(tokens).length > 0 ? { tokens } : {};
}

/** The assistant turn to send back next time: calls in native form, so any server can read the transcript. */
function assistantMessage(content: string, calls: ToolCall[]): ChatMessage {
  if (calls.length === 0) return { role: 'assistant', content };
  const wire: WireToolCall[] = calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.rawArguments } }));
  return { role: 'assistant', content: content.length > 0 ? content : null, tool_calls: wire };
}
