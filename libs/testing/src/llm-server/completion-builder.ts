import type { ScriptedReply } from './llm-server.types';

let sequence = 0;

/** A rough, deterministic token count (words and punctuation), good enough for accounting tests. */
export function countTokens(text: string): number {
  return (text.match(/\w+|[^\s\w]/g) ?? []).length;
}

function promptText(body: Record<string, unknown>): string {
  const messages = Array.isArray(body['messages']) ? (body['messages'] as { content?: unknown }[]) : [];
  return messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
}

interface WireCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

function wireCalls(reply: ScriptedReply): WireCall[] | undefined {
  if (!reply.tool_calls || reply.tool_calls.length === 0) return undefined;
  return reply.tool_calls.map((c, i) => ({
    id: c.id ?? `call_${i}`,
    type: 'function',
    function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments) },
  }));
}

function usageOf(reply: ScriptedReply, body: Record<string, unknown>, calls: WireCall[] | undefined) {
  if (reply.usage) return { ...reply.usage, total_tokens: reply.usage.prompt_tokens + reply.usage.completion_tokens };
  const out = countTokens(
    `${reply.reasoning_content ?? ''} ${reply.content ?? ''} ${calls?.map((c) => c.function.arguments).join(' ') ?? ''}`,
  );
  const input = countTokens(promptText(body));
  return { prompt_tokens: input, completion_tokens: out, total_tokens: input + out };
}

/** A non-streaming `chat.completion` body for a scripted reply. */
export function buildCompletion(reply: ScriptedReply, body: Record<string, unknown>): Record<string, unknown> {
  const calls = wireCalls(reply);
  const message: Record<string, unknown> = { role: 'assistant', content: reply.content ?? (calls ? null : '') };
  if (reply.reasoning_content !== undefined) message['reasoning_content'] = reply.reasoning_content;
  if (calls) message['tool_calls'] = calls;
  const choice: Record<string, unknown> = { index: 0, message, finish_reason: reply.finish_reason ?? (calls ? 'tool_calls' : 'stop') };
  if (reply.logprobs) choice['logprobs'] = { content: reply.logprobs.map((t) => ({ ...t, bytes: null, top_logprobs: [] })) };
  if (reply.token_ids) choice['token_ids'] = reply.token_ids;
  return {
    id: `chatcmpl-test-${++sequence}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: typeof body['model'] === 'string' ? body['model'] : 'astra-test-model',
    choices: [choice],
    usage: usageOf(reply, body, calls),
    ...(reply.prompt_token_ids ? { prompt_token_ids: reply.prompt_token_ids } : {}),
  };
}

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** The SSE `data:` payloads of a streamed answer (OpenAI chunk format, tool calls as indexed deltas), then [DONE]. */
export function buildStreamChunks(reply: ScriptedReply, body: Record<string, unknown>): string[] {
  const id = `chatcmpl-test-${++sequence}`;
  const model = typeof body['model'] === 'string' ? body['model'] : 'astra-test-model';
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
  const calls = wireCalls(reply);
  const out = [chunk({ role: 'assistant', content: '' })];
  for (const p of pieces(reply.reasoning_content ?? '', 16)) out.push(chunk({ reasoning_content: p }));
  for (const p of pieces(reply.content ?? '', 16)) out.push(chunk({ content: p }));
  calls?.forEach((c, index) => {
    out.push(chunk({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.function.name, arguments: '' } }] }));
    for (const p of pieces(c.function.arguments, 16)) out.push(chunk({ tool_calls: [{ index, function: { arguments: p } }] }));
  });
  out.push(chunk({}, reply.finish_reason ?? (calls ? 'tool_calls' : 'stop')));
  const options = body['stream_options'] as { include_usage?: boolean } | undefined;
  if (options?.include_usage) {
    out.push(
      JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created: 1_700_000_000,
        model,
        choices: [],
        usage: usageOf(reply, body, calls),
      }),
    );
  }
  out.push('[DONE]');
  return out;
}

/** Applies an output fault to a reply: a tool call cut mid-arguments, or a think block that never closes. */
export function corruptReply(reply: ScriptedReply, kind: 'truncated_tool_call' | 'unclosed_think'): ScriptedReply {
  if (kind === 'unclosed_think') {
    const thought = reply.reasoning_content ?? 'Let me think about this step by step. First';
    return { content: `<think>${thought}`, finish_reason: 'length' };
  }
  const first = reply.tool_calls?.[0] ?? { name: 'search', arguments: { query: 'the capital of France', limit: 5 } };
  const args = typeof first.arguments === 'string' ? first.arguments : JSON.stringify(first.arguments);
  return {
    content: null,
    tool_calls: [{ ...first, arguments: args.slice(0, Math.max(1, Math.floor(args.length / 2))) }],
    finish_reason: 'length',
  };
}

/** Deterministic hashing-trick embedding (FNV-1a per word, signed buckets, L2-normalised). */
export function hashingEmbedding(text: string, dims: number): number[] {
  const vec = new Array<number>(dims).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) {
      h ^= word.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    const index = h % dims;
    vec[index] = (vec[index] as number) + (h & 0x80000000 ? -1 : 1);
  }
  const norm = Math.sqrt(vec.reduce((s, v) => s + v * v, 0));
  return norm === 0 ? vec : vec.map((v) => v / norm);
}
