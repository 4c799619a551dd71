import { tracing } from '@opentelemetry/sdk-node';
import { shutdownTelemetry, startTelemetry, withSpan } from '@astra/platform/telemetry';
import type { SandboxRunner } from './sandbox-runner';
import { createTestRunner, runSnippet } from './sandbox-test.fixture';

jest.setTimeout(120_000);

describe('sandbox tracing', () => {
  const exporter = new tracing.InMemorySpanExporter();
  let runner: SandboxRunner;

  beforeAll(async () => {
    startTelemetry({
      serviceName: 'verifier',
      serviceVersion: 'test',
      env: {},
      spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
      instrument: false,
      handleSigterm: false,
    });
    runner = createTestRunner({ pythonWorkers: 0, javascriptWorkers: 1 });
    await runner.started();
  });
  afterAll(async () => {
    await runner.onModuleDestroy();
    await shutdownTelemetry();
  });

  it('records one span per call, inside the caller trace, with language and outcome', async () => {
    await withSpan('rollout step', {}, async () => {
      await runSnippet(runner, 'javascript', "console.log('ok')");
      await runSnippet(runner, 'javascript', 'while (true) {}', { timeMs: 100 });
    });
    const spans = exporter.getFinishedSpans();
    const parent = spans.find((s) => s.name === 'rollout step');
    const calls = spans.filter((s) => s.name === 'sandbox javascript');
    expect(calls.map((s) => s.attributes['astra.sandbox.status'])).toEqual(['ok', 'timeout']);
    for (const call of calls) {
      expect(call.spanContext().traceId).toBe(parent?.spanContext().traceId);
      expect(call.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    }
  });
});
