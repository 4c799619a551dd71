import { BusError } from '@astra/contracts';
import { computeBackoffMs, parseRetryAfterMs } from './backoff';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { cosineSimilarity, LexicalEmbedder } from './lexical-embedder';
import { LlmAccounting } from './llm-accounting';
import { loadLlmConfig, parseLlmConfig } from './llm-config.schema';
import { cacheKey } from './response-cache';

const policy = { baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

describe('computeBackoffMs', () => {
  it('grows exponentially with equal jitter and caps at maxDelayMs', () => {
    expect([1, 2, 3, 4, 5].map((a) => computeBackoffMs(a, policy, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((a) => computeBackoffMs(a, policy, () => 1))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('honours a longer Retry-After, capped', () => {
    expect(computeBackoffMs(1, policy, () => 0, 3000)).toBe(3000);
    expect(computeBackoffMs(1, policy, () => 0, 60_000)).toBe(5000);
    expect(computeBackoffMs(3, policy, () => 1, 10)).toBe(400);
  });

  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfterMs('2', 0)).toBe(2000);
    expect(parseRetryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfterMs(undefined, 0)).toBeUndefined();
    expect(parseRetryAfterMs('soon', 0)).toBeUndefined();
  });
});

describe('cache keys', () => {
  it('do not depend on key order at any depth', () => {
    const a = { operation: 'chat' as const, model: 'm', messages: [{ role: 'user', content: 'hi' }], params: { temperature: 0, seed: 1 } };
    const b = { params: { seed: 1, temperature: 0 }, messages: [{ content: 'hi', role: 'user' }], model: 'm', operation: 'chat' as const };
    expect(cacheKey(a)).toBe(cacheKey(b));
  });

  it('change with the seed, the model and the tools', () => {
    const base = { operation: 'chat' as const, model: 'm', messages: [], params: { seed: 1 } };
    expect(cacheKey(base)).not.toBe(cacheKey({ ...base, params: { seed: 2 } }));
    expect(cacheKey(base)).not.toBe(cacheKey({ ...base, model: 'n' }));
    expect(cacheKey(base)).not.toBe(cacheKey({ ...base, tools: [{ type: 'function', function: { name: 'f' } }] }));
  });
});

describe('LLM config', () => {
  const raw = {
    roles: { judge: { endpoints: [{ baseUrl: 'http://localhost:8000/v1' }], model: 'qwen', params: { temperature: 0, top_k: 20 } } },
    cache: { dir: '/tmp/x', mode: 'read-write' },
  };

  it('applies defaults and keeps vendor sampling parameters', () => {
    const config = parseLlmConfig(raw);
    expect(config.roles['judge']).toMatchObject({
      timeoutMs: 60_000,
      retries: { maxAttempts: 4, baseDelayMs: 250 },
      params: { temperature: 0, top_k: 20 },
      endpoints: [{ maxConcurrency: 8 }],
    });
  });

  it('loads YAML and inline JSON and rejects bad configs with the path of the problem', () => {
    const yaml = 'roles:\n  judge:\n    model: m\n    endpoints:\n      - baseUrl: http://h:1/v1\n        maxConcurrency: 2\n';
    expect(loadLlmConfig({ inline: yaml }).roles['judge']?.endpoints[0]?.maxConcurrency).toBe(2);
    expect(loadLlmConfig({ inline: JSON.stringify(raw) }).cache.mode).toBe('read-write');
    expect(() => parseLlmConfig({ roles: { judge: { model: 'm', endpoints: [] } } })).toThrow(/roles.judge.endpoints/);
    expect(() => parseLlmConfig({ roles: {}, cache: { mode: 'replay' } })).toThrow(/cache.dir/);
    expect(() => loadLlmConfig({})).toThrow(BusError);
  });
});

describe('ConcurrencyLimiter', () => {
  it('admits at most capacity holders and hands slots over in FIFO order', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const order: number[] = [];
    await limiter.acquire();
    await limiter.acquire();
    const waiting = [3, 4].map((n) => limiter.acquire().then(() => order.push(n)));
    expect(limiter.queued).toBe(2);
    limiter.release();
    limiter.release();
    await Promise.all(waiting);
    expect(order).toEqual([3, 4]);
    expect(limiter.inFlight).toBe(2);
  });
});

describe('LexicalEmbedder', () => {
  it('ranks lexical overlap, deterministically, with idf from a fitted corpus', async () => {
    const e = new LexicalEmbedder(256).fit(['weather in paris', 'stock price of apple', 'weather forecast tomorrow']);
    const [q, a, b] = await e.embed(['paris weather', 'weather in paris today', 'apple stock price']);
    expect(cosineSimilarity(q as number[], a as number[])).toBeGreaterThan(cosineSimilarity(q as number[], b as number[]));
    expect(e.vector('paris weather')).toEqual(q);
  });
});

describe('LlmAccounting', () => {
  it('sums calls, tokens and cost per run and stage, and counts cache hits apart', () => {
    const acc = new LlmAccounting();
    const price = { inputPerMTok: 1, outputPerMTok: 2 };
    acc.record({
      runId: 'r1',
      stage: 'judge',
      role: 'judge',
      model: 'm',
      outcome: 'ok',
      attempts: 2,
      inputTokens: 1000,
      outputTokens: 500,
      latencyMs: 10,
      price,
    });
    acc.record({
      runId: 'r1',
      stage: 'judge',
      role: 'judge',
      model: 'm',
      outcome: 'cache_hit',
      attempts: 0,
      inputTokens: 1000,
      outputTokens: 500,
      latencyMs: 1,
      price,
    });
    acc.record({
      runId: 'r2',
      stage: 'tasks',
      role: 'writer',
      model: 'm',
      outcome: 'error',
      attempts: 4,
      inputTokens: 0,
      outputTokens: 0,
      latencyMs: 5,
    });
    expect(acc.snapshot('r1')).toEqual([
      expect.objectContaining({ calls: 1, cacheHits: 1, retries: 1, inputTokens: 1000, outputTokens: 500, costUsd: 0.002 }),
    ]);
    expect(LlmAccounting.total(acc.snapshot())).toMatchObject({ calls: 2, errors: 1, retries: 4, costUsd: 0.002 });
  });
});
