/** A tool call the server should answer with; `arguments` may be an object (serialised) or raw text. */
export interface ScriptedToolCall {
  id?: string;
  name: string;
  arguments: string | Record<string, unknown>;
}

/** One scripted answer. */
export interface ScriptedReply {
  content?: string | null;
  reasoning_content?: string;
  tool_calls?: ScriptedToolCall[];
  finish_reason?: string;
  /** Answer after this many milliseconds (simulates a slow model). */
  delayMs?: number;
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Per-token log-probabilities, sent as `choices[0].logprobs.content` (non-streamed answers). */
  logprobs?: { token: string; logprob: number }[];
  /** Completion token ids, sent as `choices[0].token_ids` (vLLM's return_token_ids). */
  token_ids?: number[];
  /** Prompt token ids, sent as the top-level `prompt_token_ids` (vLLM's return_token_ids). */
  prompt_token_ids?: number[];
}

/** When a rule applies. Every given field must hold. */
export interface RuleMatch {
  model?: string;
  /** Only messages with this role are searched by `contains` / `regex` (default: all). */
  role?: 'system' | 'user' | 'assistant' | 'tool';
  /** Search only the last message (after the role filter). */
  lastOnly?: boolean;
  contains?: string;
  regex?: string;
  /** Every named tool must be offered in the request's `tools`. */
  tools?: string[];
}

/** A scripted rule: the first matching rule answers. An array of replies is served in order; the last repeats. */
export interface ScriptedRule {
  name?: string;
  match?: RuleMatch;
  reply: ScriptedReply | ScriptedReply[];
  /** Stop matching after this many answers. */
  times?: number;
}

/** A recorded exchange: a request (model optional) and the full OpenAI response body to send back. */
export interface Cassette {
  request: { model?: string; messages: unknown[]; tools?: unknown[] };
  response: Record<string, unknown>;
}

/** A fault to inject into the next matching request(s). */
export type LlmFault =
  | { kind: 'rate_limit'; retryAfterS?: number }
  | { kind: 'server_error'; status?: number }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'malformed_json' }
  | { kind: 'truncated_tool_call' }
  | { kind: 'unclosed_think' }
  | { kind: 'connection_reset' };

export type FaultRoute = 'chat' | 'embeddings' | 'any';

/** The rules file format (`--rules file.json`), also accepted by the constructor. */
export interface LlmServerScript {
  rules?: ScriptedRule[];
  cassettes?: Cassette[];
  models?: string[];
  /** Dimensions of the hashing embeddings (default 64; a request's `dimensions` wins). */
  embeddingDimensions?: number;
}

/** A request as the server saw it. */
export interface RecordedRequest {
  route: string;
  body: Record<string, unknown>;
}
