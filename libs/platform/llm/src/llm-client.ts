import { performance } from 'node:perf_hooks';
import { context as otelContext, type Attributes, type Span } from '@opentelemetry/api';
import { setTimeout as delay } from 'node:timers/promises';
import type { z } from 'zod';
import { BusError } from '@astra/contracts';
import { readChatCompletion, toChatResult, type ChatCompletion } from './chat-response.parser';
import { embeddingVectors } from './embeddings-response.parser';
import { LexicalEmbedder } from './lexical-embedder';
import { LlmAccounting, type LlmUsageEntry } from './llm-accounting';
import type { LlmConfig } from './llm-config.schema';
import { PoolRegistry } from './llm-endpoint';
import { LlmRole, type LlmClientDeps } from './llm-role';
import { LlmTelemetry, spanAttributes } from './llm-telemetry';
import type { CallContext, ChatRequest, ChatResult, Embedder } from './llm.types';
import { cacheKey, ResponseCache } from './response-cache';
import { requestStructured, type StructuredResult } from './structured-output';

/**
 * The one client every LLM role goes through: OpenAI-compatible chat and embeddings over keep-alive undici pools,
 * with per-endpoint concurrency limits, retries within a budget, a content-addressed cache, accounting and telemetry.
 */
export class LlmClient {
  readonly accounting = new LlmAccounting();
  private readonly roles = new Map<string, LlmRole>();
  private readonly pools = new PoolRegistry();
  private readonly telemetry = new LlmTelemetry();
  private readonly cache: ResponseCache;
  private readonly deps: LlmClientDeps;
  private readonly lexical = new Map<number, LexicalEmbedder>();

  constructor(
    readonly config: LlmConfig,
    deps: Partial<LlmClientDeps> = {},
  ) {
    this.deps = { random: Math.random, sleep: (ms) => delay(ms), now: Date.now, ...deps };
    this.cache = new ResponseCache(config.cache.mode, config.cache.dir);
    for (const [name, role] of Object.entries(config.roles)) this.roles.set(name, new LlmRole(name, role, this.pools, this.deps));
  }

  hasRole(name: string): boolean {
    return this.roles.has(name);
  }

  /** One chat completion for a role. Throws BusError LLM_UNAVAILABLE when the retry budget is spent. */
  async chat(roleName: string, request: ChatRequest, context: CallContext = {}): Promise<ChatResult> {
    const role = this.role(roleName);
    const { model } = role.config;
    const params = request.params ? { ...role.config.params, ...request.params } : role.config.params;
    const key =
      this.cache.mode === 'off'
        ? undefined
        : cacheKey({
            operation: 'chat',
            model,
            messages: request.messages,
            tools: request.tools,
            toolChoice: request.toolChoice,
            responseFormat: request.responseFormat,
            params,
          });
    const textToolCalls = role.config.textToolCalls && (request.tools?.length ?? 0) > 0;
    const spanAttrs = request.params ? spanAttributes('chat', role.config.system, model, role.name, params) : undefined;
    const completion = await this.call(CHAT, role, context, key, chatBody(role, request, params), 0, spanAttrs);
    return toChatResult(completion.value, {
      requestModel: model,
      textToolCalls,
      cached: completion.cached,
      latencyMs: completion.latencyMs,
    });
  }

  /** A value of the schema's type from a role: validated, repaired once, else LLM_OUTPUT_INVALID. Never guessed. */
  structured<T>(roleName: string, schema: z.ZodType<T>, request: ChatRequest, context: CallContext = {}): Promise<StructuredResult<T>> {
    return requestStructured((r) => this.chat(roleName, r, context), schema, request);
  }

  /** Embeddings from a configured role (one vector per text, in order). */
  async embed(roleName: string, texts: string[], context: CallContext = {}): Promise<number[][]> {
    const role = this.role(roleName);
    const { model } = role.config;
    const key = this.cache.mode === 'off' ? undefined : cacheKey({ operation: 'embeddings', model, input: texts });
    const out = await this.call(EMBEDDINGS, role, context, key, JSON.stringify({ model, input: texts }), texts.length);
    return out.value.vectors;
  }

  /** The role's embeddings endpoint when configured, else the local lexical (hashed TF-IDF) embedder. */
  embedder(roleName: string, options: { dimensions?: number } = {}): Embedder {
    if (this.roles.has(roleName)) {
      return { kind: 'remote', dimensions: null, embed: (texts, ctx) => this.embed(roleName, texts, ctx) };
    }
    const dims = options.dimensions ?? 512;
    let lexical = this.lexical.get(dims);
    if (!lexical) {
      lexical = new LexicalEmbedder(dims);
      this.lexical.set(dims, lexical);
    }
    return lexical;
  }

  /** Accounting per run, stage and role (all runs when runId is omitted). */
  usage(runId?: string): LlmUsageEntry[] {
    return this.accounting.snapshot(runId);
  }

  /** In-flight and queued calls per endpoint of a role. */
  endpointStats(roleName: string): { baseUrl: string; inFlight: number; queued: number; capacity: number }[] {
    return this.role(roleName).endpoints.map((e) => ({
      baseUrl: e.baseUrl,
      inFlight: e.limiter.inFlight,
      queued: e.limiter.queued,
      capacity: e.limiter.capacity,
    }));
  }

  /** Closes the HTTP pools. */
  async close(): Promise<void> {
    await this.pools.close();
  }

  private role(name: string): LlmRole {
    const role = this.roles.get(name);
    if (!role) throw new BusError('VALIDATION_FAILED', `no LLM role "${name}" is configured`);
    return role;
  }

  /**
   * Cache lookup, the network call, accounting and the span around them. The span is made active only when tracing is
   * on: with the no-op tracer, startActiveSpan and an async closure cost CPU on every call and nested nothing.
   */
  private call<T>(
    op: LlmOperation<T>,
    role: LlmRole,
    context: CallContext,
    key: string | undefined,
    body: string,
    expected: number,
    spanAttrs?: Attributes,
  ): Promise<Called<T>> {
    const template = role.spans[op.name];
    const span = this.telemetry.start(template, context, spanAttrs);
    const active = this.telemetry.activeContext(span);
    if (active === undefined) return this.send(op, role, context, key, body, expected, span);
    return otelContext.with(active, () => this.send(op, role, context, key, body, expected, span));
  }

  private async send<T>(
    op: LlmOperation<T>,
    role: LlmRole,
    context: CallContext,
    key: string | undefined,
    body: string,
    expected: number,
    span: Span,
  ): Promise<Called<T>> {
    const start = performance.now();
    const template = role.spans[op.name];
    const counter = this.accounting.counter(context.runId, context.stage, role.name, role.config.model, role.config.price);
    try {
      const hit = key === undefined ? undefined : await this.cache.get<T>(key);
      let value: T;
      let attempts = 0;
      if (hit === undefined) {
        const sent = await role.post(op.path, body);
        value = op.read(sent.value, expected);
        attempts = sent.attempts;
        if (key !== undefined) await this.cache.put(key, value);
      } else value = hit;
      const latencyMs = performance.now() - start;
      const usage = op.usage(value);
      const outcome = hit === undefined ? 'ok' : 'cache_hit';
      counter.add(outcome, attempts, usage.input, usage.output, latencyMs, role.config.price);
      this.telemetry.finish(span, template, latencyMs, {
        outcome,
        attempts,
        inputTokens: usage.input,
        outputTokens: usage.output,
        responseModel: usage.model,
        finishReason: usage.finish,
      });
      return { value, cached: hit !== undefined, latencyMs };
    } catch (error) {
      const latencyMs = performance.now() - start;
      const attempts = Number((error as BusError).details && (error as { details: { attempts?: number } }).details.attempts) || 1;
      counter.add('error', attempts, 0, 0, latencyMs, role.config.price);
      this.telemetry.finish(span, template, latencyMs, { outcome: 'error', attempts, inputTokens: 0, outputTokens: 0, error });
      throw error;
    }
  }
}

interface Called<T> {
  value: T;
  cached: boolean;
  latencyMs: number;
}

interface Usage {
  input: number;
  output: number;
  model?: string;
  finish?: string | null;
}

/** What differs between chat and embeddings calls: the path, how the answer is read, and its token counts. */
interface LlmOperation<T> {
  name: 'chat' | 'embeddings';
  path: string;
  read: (body: unknown, expected: number) => T;
  usage: (value: T) => Usage;
}

const CHAT: LlmOperation<ChatCompletion> = {
  name: 'chat',
  path: '/chat/completions',
  read: (body) => readChatCompletion(body),
  usage: (c) => ({
    input: c.usage?.prompt_tokens ?? 0,
    output: c.usage?.completion_tokens ?? 0,
    model: c.model ?? undefined,
    finish: c.choices[0]?.finish_reason,
  }),
};

const EMBEDDINGS: LlmOperation<{ vectors: number[][]; inputTokens: number }> = {
  name: 'embeddings',
  path: '/embeddings',
  read: (body, expected) => embeddingVectors(body, expected),
  usage: (v) => ({ input: v.inputTokens, output: 0 }),
};

/** The JSON body of a chat call; the role's own parameters come pre-serialised unless the request overrides them. */
function chatBody(role: LlmRole, request: ChatRequest, params: Record<string, unknown>): string {
  const rest = {
    messages: request.messages,
    tools: request.tools,
    tool_choice: request.toolChoice,
    response_format: request.responseFormat,
  };
  if (request.params) return JSON.stringify({ ...params, model: role.config.model, ...rest });
  // bodyPrefix always holds at least the model, so the rest follows after a comma.
  return `${role.bodyPrefix},${JSON.stringify(rest).slice(1)}`;
}
