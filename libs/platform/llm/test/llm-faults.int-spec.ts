import { BusError } from '@astra/contracts';
import type { LlmClient } from '../src';
import { CHAT, makeClient, startServer, user, type LlmTestServer } from './llm-test-helpers';

describe('LlmClient against faults of the test server', () => {
  let server: LlmTestServer;
  let client: LlmClient;
  let sleeps: number[];

  beforeEach(async () => {
    server = await startServer([
      { match: { contains: 'weather' }, reply: { tool_calls: [{ name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } }] } },
      { match: { contains: 'hello' }, reply: { content: 'Hello!', reasoning_content: 'a greeting' } },
    ]);
    ({ client, sleeps } = makeClient([server], { timeoutMs: 300 }));
  });

  afterEach(async () => {
    await client.close();
    await server.stop();
  });

  it('answers a plain call with reasoning kept apart and usage accounted', async () => {
    const result = await client.chat('judge', user('hello'), { runId: 'r1', stage: 'greet' });
    expect(result).toMatchObject({ content: 'Hello!', reasoning: 'a greeting', toolCalls: [], cached: false, finishReason: 'stop' });
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(client.usage('r1')).toEqual([expect.objectContaining({ stage: 'greet', calls: 1, errors: 0, inputTokens: 1 })]);
    expect(server.requests[0]?.body).toMatchObject({ model: 'test-model', temperature: 0, seed: 7 });
  });

  it.each([
    ['500', { kind: 'server_error' as const }],
    ['connection reset', { kind: 'connection_reset' as const }],
    ['malformed JSON body', { kind: 'malformed_json' as const }],
    ['slow answer past the timeout', { kind: 'slow' as const, delayMs: 3_000 }],
  ])('retries a %s and then succeeds', async (_name, fault) => {
    server.injectFault(fault);
    const result = await client.chat('judge', user('hello'));
    expect(result.content).toBe('Hello!');
    expect(server.requestCount(CHAT)).toBe(2);
    expect(sleeps).toHaveLength(1);
    expect(client.usage()[0]).toMatchObject({ calls: 1, retries: 1, errors: 0 });
  });

  it('honours Retry-After on a 429, capped at maxRetryAfterMs', async () => {
    server.injectFault({ kind: 'rate_limit', retryAfterS: 2 });
    server.injectFault({ kind: 'rate_limit', retryAfterS: 60 });
    await client.chat('judge', user('hello'));
    expect(sleeps).toEqual([2_000, 3_000]);
    expect(server.requestCount(CHAT)).toBe(3);
  });

  it('ends the retry budget with a retryable LLM_UNAVAILABLE', async () => {
    server.injectFault({ kind: 'server_error', status: 503 }, 10);
    const error = await client.chat('judge', user('hello'), { runId: 'r2' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusError);
    expect(error).toMatchObject({ code: 'LLM_UNAVAILABLE', retryable: true, details: { attempts: 4, status: 503 } });
    expect(server.requestCount(CHAT)).toBe(4);
    expect(server.pendingFaults).toBe(6);
    expect(sleeps).toEqual([8, 15, 30]); // 10, 20, 40 ms with equal jitter at random 0.5, rounded
    expect(client.usage('r2')[0]).toMatchObject({ calls: 1, errors: 1, retries: 3 });
  });

  it('does not retry a 4xx answer', async () => {
    const error = await client.chat('judge', user('no rule matches this')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LLM_UNAVAILABLE', retryable: false, details: { status: 404 } });
    expect(server.requestCount(CHAT)).toBe(1);
  });

  it('parses native tool calls', async () => {
    const result = await client.chat('judge', user('weather?'));
    expect(result.toolCallSource).toBe('native');
    expect(result.toolCalls).toEqual([expect.objectContaining({ name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } })]);
    expect(result.message.tool_calls?.[0]?.function.name).toBe('get_weather');
  });

  it('reports a truncated tool call without guessing its arguments and without retrying', async () => {
    server.injectFault({ kind: 'truncated_tool_call' });
    const result = await client.chat('judge', user('weather?'));
    expect(result.finishReason).toBe('length');
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]).toMatchObject({ name: 'get_weather', arguments: null });
    expect(result.toolCalls[0]?.error).toMatch(/not valid JSON/);
    expect(server.requestCount(CHAT)).toBe(1);
  });

  it('reports a missing closing think tag as reasoning with an empty answer', async () => {
    server.injectFault({ kind: 'unclosed_think' });
    const result = await client.chat('judge', user('hello'));
    expect(result).toMatchObject({ content: '', thinkUnclosed: true, finishReason: 'length' });
    expect(result.reasoning).toContain('a greeting');
  });

  it('takes faults queued through the admin endpoint', async () => {
    await fetch(`${server.url}/admin/faults`, { method: 'POST', body: JSON.stringify({ fault: { kind: 'server_error' }, times: 2 }) });
    expect(server.pendingFaults).toBe(2);
    await client.chat('judge', user('hello'));
    expect(server.requestCount(CHAT)).toBe(3);
  });
});
