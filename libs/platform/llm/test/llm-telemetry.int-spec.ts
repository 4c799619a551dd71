import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { LlmClient } from '../src';
import { makeClient, startServer, user, type LlmTestServer } from './llm-test-helpers';

describe('LlmClient telemetry', () => {
  const exporter = new InMemorySpanExporter();
  let server: LlmTestServer;
  let client: LlmClient;

  beforeAll(() => {
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  });

  beforeEach(async () => {
    server = await startServer([{ reply: { content: 'fine', usage: { prompt_tokens: 12, completion_tokens: 3 } } }]);
    ({ client } = makeClient([server], { maxAttempts: 2 }));
    exporter.reset();
  });

  afterEach(async () => {
    await client.close();
    await server.stop();
  });

  afterAll(() => trace.disable());

  it('opens a `chat <model>` client span with the GenAI attributes', async () => {
    await client.chat('judge', user('hi'), { runId: 'run-9', stage: 'judge' });
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('chat test-model');
    expect(span?.attributes).toMatchObject({
      'gen_ai.system': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'test-model',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 3,
      'gen_ai.request.seed': 7,
      'astra.run.id': 'run-9',
    });
  });

  it('marks a failed call as an error and names embeddings spans', async () => {
    server.injectFault({ kind: 'server_error' }, 2);
    await expect(client.chat('judge', user('hi'))).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE' });
    await client.embed('embed', ['a b']);
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['chat test-model', 'embeddings test-embed']);
    expect(spans[0]?.status.code).toBe(2);
    expect(spans[0]?.attributes['error.type']).toBe('LLM_UNAVAILABLE');
    expect(spans[1]?.attributes['gen_ai.operation.name']).toBe('embeddings');
  });
});
