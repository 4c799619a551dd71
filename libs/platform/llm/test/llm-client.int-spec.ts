import { z } from 'zod';
import { BusError } from '@astra/contracts';
import { LlmClient, parseLlmConfig } from '../src';
import { CHAT, LlmTestServer, makeClient, startServer, tempDir, user, waitFor } from './llm-test-helpers';

const Verdict = z.object({ verdict: z.enum(['pass', 'fail']), score: z.number().min(0).max(10) });
const tools = [{ type: 'function' as const, function: { name: 'search', parameters: { type: 'object' } } }];

describe('LlmClient structured output and text tool calls', () => {
  let server: LlmTestServer;
  let client: LlmClient;

  beforeEach(async () => {
    server = await startServer([
      {
        match: { contains: 'judge-once' },
        reply: [{ content: '<think>hmm</think>```json\n{"verdict":"pass","score":11}\n```' }, { content: '{"verdict":"pass","score":9}' }],
      },
      { match: { contains: 'judge-never' }, reply: { content: 'I think it passes.' } },
      { match: { contains: 'judge-direct' }, reply: { content: 'Verdict: {"verdict":"fail","score":2}' } },
      {
        match: { contains: 'hermes' },
        reply: {
          content:
            'Searching.<tool_call>{"name":"search","arguments":{"q":"a"}}</tool_call><tool_call>{"name":"search","arguments":{"q":"b"}}</tool_call>',
        },
      },
      { match: { contains: 'fenced' }, reply: { content: '```json\n{"name":"search","arguments":{"q":"c"}}\n```' } },
    ]);
    ({ client } = makeClient([server]));
  });

  afterEach(async () => {
    await client.close();
    await server.stop();
  });

  it('returns a typed value from a valid answer in one call', async () => {
    const out = await client.structured('judge', Verdict, user('judge-direct'));
    expect(out).toMatchObject({ value: { verdict: 'fail', score: 2 }, attempts: 1 });
  });

  it('repairs once, telling the model what was wrong', async () => {
    const out = await client.structured('judge', Verdict, user('judge-once'));
    expect(out).toMatchObject({ value: { verdict: 'pass', score: 9 }, attempts: 2 });
    const repair = server.requests[1]?.body['messages'] as { role: string; content: string }[];
    expect(repair.at(-1)?.content).toMatch(/score: Too big/);
    expect(repair.at(-2)).toMatchObject({ role: 'assistant' });
  });

  it('fails with LLM_OUTPUT_INVALID after one repair, never guessing', async () => {
    const error = await client.structured('judge', Verdict, user('judge-never')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusError);
    expect(error).toMatchObject({ code: 'LLM_OUTPUT_INVALID', retryable: false });
    expect(server.requestCount(CHAT)).toBe(2);
  });

  it('parses several Hermes tool calls written in text when tools are offered', async () => {
    const result = await client.chat('judge', { ...user('hermes'), tools });
    expect(result).toMatchObject({ toolCallSource: 'text', content: 'Searching.' });
    expect(result.toolCalls.map((c) => c.arguments)).toEqual([{ q: 'a' }, { q: 'b' }]);
  });

  it('parses a fenced tool call, and leaves text alone when no tools are offered', async () => {
    expect((await client.chat('judge', { ...user('fenced'), tools })).toolCalls[0]).toMatchObject({
      name: 'search',
      arguments: { q: 'c' },
    });
    const plain = await client.chat('judge', user('fenced'));
    expect(plain.toolCalls).toEqual([]);
    expect(plain.content).toContain('"name":"search"');
  });
});

describe('LlmClient cache, concurrency and load spreading', () => {
  const servers: LlmTestServer[] = [];
  const clients: LlmClient[] = [];
  const rules = [{ reply: { content: 'ok' } }];

  async function server(): Promise<LlmTestServer> {
    const s = await startServer(rules);
    servers.push(s);
    return s;
  }

  function client(...args: Parameters<typeof makeClient>): LlmClient {
    const made = makeClient(...args).client;
    clients.push(made);
    return made;
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('makes a second run issue no calls, also from a new client instance (persistent on disk)', async () => {
    const s = await server();
    const dir = tempDir('astra-llm-cache-');
    const prompts = ['a', 'b', 'c'].map((p) => user(p));
    const first = client([s], { cache: { dir, mode: 'read-write' } });
    await Promise.all(prompts.map((p) => first.chat('judge', p, { runId: 'run1' })));
    expect(s.requestCount(CHAT)).toBe(3);
    const again = await Promise.all(prompts.map((p) => first.chat('judge', p, { runId: 'run2' })));
    expect(again.every((r) => r.cached && r.content === 'ok')).toBe(true);
    const second = client([s], { cache: { dir, mode: 'read-write' } });
    await Promise.all(prompts.map((p) => second.chat('judge', p)));
    expect(s.requestCount(CHAT)).toBe(3);
    expect(first.usage('run2')[0]).toMatchObject({ calls: 0, cacheHits: 3, costUsd: 0 });
    await first.chat('judge', { ...user('a'), params: { seed: 8 } });
    expect(s.requestCount(CHAT)).toBe(4); // another seed is another call
  });

  it('replay mode answers recorded calls and turns a miss into an error without a network call', async () => {
    const s = await server();
    const dir = tempDir('astra-llm-replay-');
    await client([s], { cache: { dir, mode: 'record' } }).chat('judge', user('recorded'));
    const replay = client([s], { cache: { dir, mode: 'replay' } });
    expect((await replay.chat('judge', user('recorded'))).cached).toBe(true);
    const miss = await replay.chat('judge', user('never recorded')).catch((e: unknown) => e);
    expect(miss).toMatchObject({ code: 'LLM_UNAVAILABLE', retryable: false });
    expect(s.requestCount(CHAT)).toBe(1);
  });

  it('keeps at most maxConcurrency calls in flight per endpoint', async () => {
    const s = await server();
    const c = client([s], { maxConcurrency: 3 });
    s.pause();
    const calls = Array.from({ length: 10 }, (_, i) => c.chat('judge', user(`q${i}`)));
    await waitFor(() => s.inFlight === 3 && c.endpointStats('judge')[0]?.queued === 7, { what: '3 in flight, 7 queued' });
    s.resume();
    await Promise.all(calls);
    expect(s.requestCount(CHAT)).toBe(10);
    expect(s.maxInFlight).toBe(3);
  });

  it('spreads the load over two endpoints', async () => {
    const [a, b] = [await server(), await server()];
    const c = client([a as LlmTestServer, b as LlmTestServer], { maxConcurrency: 4 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => c.chat('judge', user(`q${i}`))));
    expect(a?.requestCount(CHAT)).toBe(10);
    expect(b?.requestCount(CHAT)).toBe(10);
  });

  it('fails over to the other endpoint when one is down', async () => {
    const [a, b] = [await server(), await server()];
    a?.injectFault({ kind: 'server_error' }, 100);
    const c = client([a as LlmTestServer, b as LlmTestServer]);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => c.chat('judge', user(`q${i}`))));
    expect(results.every((r) => r.content === 'ok')).toBe(true);
    expect(b?.requestCount(CHAT)).toBe(6);
  });

  it('embeds through the endpoint deterministically, and falls back to lexical vectors without a role', async () => {
    const s = await server();
    const c = client([s]);
    const [v1, v2] = await c.embedder('embed').embed(['the cat sat', 'the cat sat']);
    expect(v1).toHaveLength(64);
    expect(v1).toEqual(v2);
    expect(s.requestCount('/v1/embeddings')).toBe(1);
    const lexical = c.embedder('no-such-role');
    expect(lexical.kind).toBe('lexical');
    expect(await lexical.embed(['x y'])).toEqual([expect.any(Array)]);
  });

  it('rejects a call for a role that is not configured', async () => {
    const c = new LlmClient(parseLlmConfig({ roles: {} }));
    clients.push(c);
    await expect(c.chat('judge', user('x'))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
