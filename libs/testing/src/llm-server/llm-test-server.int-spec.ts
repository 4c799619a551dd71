import { request } from 'undici';
import { LlmTestServer } from './llm-test-server';

async function post(server: LlmTestServer, path: string, body: unknown): Promise<{ status: number; text: string }> {
  const res = await request(`${server.url}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  return { status: res.statusCode, text: await res.body.text() };
}

describe('LlmTestServer', () => {
  let server: LlmTestServer;
  const messages = [{ role: 'user', content: 'book a flight' }];

  beforeEach(async () => {
    server = new LlmTestServer({
      rules: [
        {
          match: { role: 'user', regex: 'fl(y|ight)', tools: ['book'] },
          reply: { content: 'Booking.', tool_calls: [{ id: 'c1', name: 'book', arguments: { to: 'Oslo', seats: 2 } }] },
        },
        { match: { model: 'other' }, reply: { content: 'other model' }, times: 1 },
      ],
      cassettes: [
        { request: { messages: [{ role: 'user', content: 'recorded' }] }, response: { choices: [{ message: { content: 'from tape' } }] } },
      ],
    });
    await server.start(0);
  });

  afterEach(() => server.stop());

  it('streams SSE chunks whose tool_call deltas reassemble into the call', async () => {
    const tools = [{ type: 'function', function: { name: 'book' } }];
    const { text } = await post(server, '/v1/chat/completions', {
      model: 'm',
      messages,
      tools,
      stream: true,
      stream_options: { include_usage: true },
    });
    const events = text
      .split('\n\n')
      .filter(Boolean)
      .map((e) => e.replace(/^data: /, ''));
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    let args = '';
    let content = '';
    for (const c of chunks) {
      content += c.choices[0]?.delta?.content ?? '';
      args += c.choices[0]?.delta?.tool_calls?.[0]?.function?.arguments ?? '';
    }
    expect(content).toBe('Booking.');
    expect(JSON.parse(args)).toEqual({ to: 'Oslo', seats: 2 });
    expect(chunks.at(-2).choices[0].finish_reason).toBe('tool_calls');
    expect(chunks.at(-1).usage.completion_tokens).toBeGreaterThan(0);
  });

  it('matches on model, tools and uses, answers from cassettes, and 404s when nothing matches', async () => {
    expect((await post(server, '/v1/chat/completions', { model: 'm', messages })).status).toBe(404); // no tools offered
    expect(JSON.parse((await post(server, '/v1/chat/completions', { model: 'other', messages })).text).choices[0].message.content).toBe(
      'other model',
    );
    expect((await post(server, '/v1/chat/completions', { model: 'other', messages })).status).toBe(404); // times: 1
    const tape = await post(server, '/v1/chat/completions', { model: 'x', messages: [{ content: 'recorded', role: 'user' }] });
    expect(JSON.parse(tape.text).choices[0].message.content).toBe('from tape');
    expect(server.requestCount('/v1/chat/completions')).toBe(4);
  });

  it('serves deterministic embeddings and the model list', async () => {
    const a = JSON.parse((await post(server, '/v1/embeddings', { model: 'e', input: ['red apple', 'red apple'], dimensions: 16 })).text);
    expect(a.data[0].embedding).toHaveLength(16);
    expect(a.data[0].embedding).toEqual(a.data[1].embedding);
    const models = await (await request(`${server.url}/v1/models`)).body.json();
    expect(models).toMatchObject({ data: expect.arrayContaining([expect.objectContaining({ id: 'other' })]) });
  });

  it('answers 429 with Retry-After and 500 from queued faults, in order', async () => {
    server.injectFault({ kind: 'rate_limit', retryAfterS: 7 });
    server.injectFault({ kind: 'server_error', status: 502 });
    const first = await request(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'other', messages }),
    });
    await first.body.text();
    expect([first.statusCode, first.headers['retry-after']]).toEqual([429, '7']);
    expect((await post(server, '/v1/chat/completions', { model: 'other', messages })).status).toBe(502);
    expect((await post(server, '/v1/chat/completions', { model: 'other', messages })).status).toBe(200);
  });
});
