import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { z } from 'zod';
import { BusError } from '@astra/contracts';
import { readChatCompletion, toChatResult, type ChatCompletion } from './chat-response.parser';
import { embeddingVectors } from './embeddings-response.parser';
import { LexicalEmbedder } from './lexical-embedder';
import { LlmAccounting, type LlmCallRecord, type LlmUsageEntry } from './llm-accounting';
import type { LlmConfig } from './llm-config.schema';
import { PoolRegistry } from './llm-endpoint';
import { LlmRole, type LlmClientDeps, type RetriedResult } from './llm-role';
import { LlmTelemetry } from './llm-telemetry';
import type { CallContext, ChatRequest, ChatResult, Embedder } from './llm.types';
import { cacheKey, ResponseCache } from './response-cache';
import { requestStructured, type StructuredResult } from './structured-output';

type Operation = 'chat' | 'embeddings';

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
    const key = this.cache.mode === 'off' ? undefined : cacheKey({
      operation: 'chat', model, messages: request.messages, tools: request.tools, toolChoice: request.toolChoice,
      responseFormat: request.responseFormat, params,
    });
    const textToolCalls = role.config.textToolCalls && (request.tools?.length ?? 0) > 0;
    const completion = await this.call<ChatCompletion>('chat', role, context, key, params, async () => {
      const sent = await role.post('/chat/completions', chatBody(role, request, params));
      return { value: readChatCompletion(sent.value), attempts: sent.attempts };
    }, (c) => ({ input: c.usage?.prompt_tokens ?? 0, output: c.usage?.completion_tokens ?? 0, model: c.model ?? undefined, finish: c.choices[0]?.finish_reason }));
    return toChatResult(completion.value, { requestModel: model, textToolCalls, cached: completion.cached, latencyMs: completion.latencyMs });
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
    const out = await this.call<{ vectors: number[][]; inputTokens: number }>('embeddings', role, context, key, undefined, async () => {
      const sent = await role.post('/embeddings', JSON.stringify({ model, input: texts }));
      return { value: embeddingVectors(sent.value, texts.length), attempts: sent.attempts };
    }, (v) => ({ input: v.inputTokens, output: 0 }));
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
      baseUrl: e.baseUrl, inFlight: e.limiter.inFlight, queued: e.limiter.queued, capacity: e.limiter.capacity,
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

  /** Cache lookup, the network call, accounting and the span around them. */
  private call<T>(
    operation: Operation, role: LlmRole, context: CallContext, key: string | undefined, params: Record<string, unknown> | undefined,
    send: () => Promise<RetriedResult<T>>,
    usageOf: (value: T) => { input: number; output: number; model?: string; finish?: string | null },
  ): Promise<{ value: T; cached: boolean; latencyMs: number }> {
    const { model, system, price } = role.config;
    const attrs = { system, model, role: role.name, runId: context.runId, stage: context.stage, params };
    return this.telemetry.span(operation, attrs, async (span) => {
      const start = performance.now();
      const base = { runId: context.runId, stage: context.stage, role: role.name, model, price };
      try {
        const hit = key === undefined ? undefined : await this.cache.get<T>(key);
        const sent = hit === undefined ? await send() : { value: hit, attempts: 0 };
        const latencyMs = performance.now() - start;
        const usage = usageOf(sent.value);
        const outcome = hit === undefined ? 'ok' : 'cache_hit';
        if (hit === undefined && key !== undefined) await this.cache.put(key, sent.value);
        this.accounting.record(callRecord(base, outcome, sent.attempts, usage.input, usage.output, latencyMs));
        this.telemetry.finish(span, operation, role.name, model, latencyMs, {
          outcome, attempts: sent.attempts, inputTokens: usage.input, outputTokens: usage.output, responseModel: usage.model, finishReason: usage.finish,
        });
        return { value: sent.value, cached: hit !== undefined, latencyMs };
      } catch (error) {
        const latencyMs = performance.now() - start;
        const attempts = Number((error as BusError).details && (error as { details: { attempts?: number } }).details.attempts) || 1;
        this.accounting.record(callRecord(base, 'error', attempts, 0, 0, latencyMs));
        this.telemetry.finish(span, operation, role.name, model, latencyMs, { outcome: 'error', attempts, inputTokens: 0, outputTokens: 0, error });
        throw error;
      }
    });
  }
}

/** The JSON body of a chat call; the role's own parameters come pre-serialised unless the request overrides them. */
function chatBody(role: LlmRole, request: ChatRequest, params: Record<string, unknown>): string {
  const rest = {
    messages: request.messages, tools: request.tools, tool_choice: request.toolChoice, response_format: request.responseFormat,
  };
  if (request.params) return JSON.stringify({ ...params, model: role.config.model, ...rest });
  // bodyPrefix always holds at least the model, so the rest follows after a comma.
  return `${role.bodyPrefix},${JSON.stringify(rest).slice(1)}`;
}

/**
 * An accounting record built field by field: `{ ...base, outcome, ... }` on the hot path took V8's slow
 * object-spread path and cost more CPU than the rest of the call's bookkeeping together.
 */
function callRecord(
  base: Pick<LlmCallRecord, 'runId' | 'stage' | 'role' | 'model' | 'price'>,
  outcome: LlmCallRecord['outcome'], attempts: number, inputTokens: number, outputTokens: number, latencyMs: number,
): LlmCallRecord {
  return {
    runId: base.runId, stage: base.stage, role: base.role, model: base.model, price: base.price,
    outcome, attempts, inputTokens, outputTokens, latencyMs,
  };
}
