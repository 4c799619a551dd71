/** A tool call as OpenAI-compatible servers send it on the wire. */
export interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** One chat message in the OpenAI wire format (kept as is so transcripts stay ecosystem-compatible). */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  name?: string;
  tool_calls?: WireToolCall[];
  tool_call_id?: string;
}

/** A tool offered to the model (OpenAI `tools` entry). */
export interface ToolDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

/** Sampling parameters; unknown keys (top_k, min_p, repetition_penalty...) are passed to the server unchanged. */
export interface SamplingParams {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
  stop?: string[];
  presence_penalty?: number;
  frequency_penalty?: number;
  [extra: string]: unknown;
}

/** What a caller asks of a role. */
export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  /** Overrides the role's sampling parameters for this call. */
  params?: SamplingParams;
  /** e.g. `{ type: 'json_object' }` where the server supports it. */
  responseFormat?: Record<string, unknown>;
}

/** Who is calling, for accounting and traces. */
export interface CallContext {
  runId?: string;
  stage?: string;
}

/** A parsed tool call. `arguments` is null when the model's JSON did not parse (see `error`); never guessed. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown> | null;
  rawArguments: string;
  error?: string;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** A model answer with reasoning, answer text and tool calls kept apart. */
export interface ChatResult {
  /** The answer without reasoning and without tool calls written in text. */
  content: string;
  /** `reasoning_content` or `<think>` text; null when the model gave none. */
  reasoning: string | null;
  /** True when a `<think>` was opened and never closed (the answer is then empty). */
  thinkUnclosed: boolean;
  toolCalls: ToolCall[];
  /** Where the tool calls came from: the native `tool_calls` field or parsed from text. */
  toolCallSource: 'native' | 'text' | 'none';
  finishReason: string | null;
  model: string;
  usage: TokenUsage;
  /** True when the answer came from the response cache (no call was made). */
  cached: boolean;
  latencyMs: number;
  /** The assistant message to append to the conversation for the next turn. */
  message: ChatMessage;
  /** Per-token data, only when the server sent it (vLLM with `logprobs` and `return_token_ids`). */
  tokens?: TokenData;
}

/** Token ids and log-probabilities of one completion, each present only when the server sent it. */
export interface TokenData {
  promptTokenIds?: number[];
  tokenIds?: number[];
  tokens?: string[];
  logprobs?: number[];
}

/** Turns texts into vectors: a configured embeddings endpoint or the local lexical fallback. */
export interface Embedder {
  readonly kind: 'remote' | 'lexical';
  readonly dimensions: number | null;
  embed(texts: string[], context?: CallContext): Promise<number[][]>;
}
