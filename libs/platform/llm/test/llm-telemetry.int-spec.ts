import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { LlmClient } from '../src';
import { makeClient, startServer, user, type LlmTestServer } from './llm-test-helpers';

describe('LlmClient telemetry', () => {
  const exporter = new InMemorySpanExporter();
  let server: LlmTestServer;
  let client: LlmClient;

  beforeAll(() => {
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
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

  afterAll(() => {
    trace.disable();
    context.disable();
  });

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

  it('keeps the call span active while the call runs, so work inside it (HTTP spans, retries) nests under it', async () => {
    const active: (string | undefined)[] = [];
    const traced = new LlmClient(client.config, {
      random: () => 0.5,
      sleep: async () => {
        active.push(trace.getActiveSpan()?.spanContext().spanId);
      },
    });
    server.injectFault({ kind: 'server_error' }, 1);
    try {
      await traced.chat('judge', user('hi'));
    } finally {
      await traced.close();
    }
    const [span] = exporter.getFinishedSpans();
    expect(active).toEqual([span?.spanContext().spanId]);
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('describes a request that overrides the role parameters with its own, and names the stage', async () => {
    await client.chat('judge', { ...user('hi'), params: { temperature: 0.7 } }, { stage: 'judge' });
    await client.chat('judge', user('hi'));
    const [overridden, plain] = exporter.getFinishedSpans();
    expect(overridden?.attributes).toMatchObject({ 'gen_ai.request.temperature': 0.7, 'gen_ai.request.seed': 7, 'astra.stage': 'judge' });
    expect(plain?.attributes['gen_ai.request.temperature']).toBe(0);
    expect(plain?.attributes['astra.stage']).toBeUndefined();
  });
});
