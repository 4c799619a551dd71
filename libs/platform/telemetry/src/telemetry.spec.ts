import { SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import { Traced, resolveTelemetrySettings, shutdownTelemetry, startTelemetry, withSpan } from './index';

class SampleChainsUseCase {
  calls = 0;

  @Traced()
  async execute(input: { fail: boolean }): Promise<string> {
    this.calls += 1;
    await withSpan('inner step', { 'astra.step': 1 }, () => undefined);
    if (input.fail) throw new Error('no chain');
    return `done by ${this.constructor.name}`;
  }
}

describe('telemetry', () => {
  const exporter = new tracing.InMemorySpanExporter();
  let handle: ReturnType<typeof startTelemetry>;

  beforeAll(() => {
    handle = startTelemetry({
      serviceName: 'verifier',
      serviceVersion: '1.2.3',
      env: {},
      spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
      instrument: false,
      handleSigterm: false,
    });
  });

  afterAll(() => shutdownTelemetry());
  beforeEach(() => exporter.reset());

  it('exports nothing over the network when no OTLP endpoint is configured', () => {
    expect(handle.settings).toMatchObject({ disabled: false, traces: 'none', metrics: 'none' });
  });

  it('records withSpan as a span with attributes, nested spans in one trace', async () => {
    const result = await withSpan('outer', { 'astra.run_id': 'r1' }, () =>
      withSpan('inner', {}, () => trace.getActiveSpan()?.spanContext().traceId),
    );
    const spans = exporter.getFinishedSpans();
    const outer = spans.find((s) => s.name === 'outer');
    const inner = spans.find((s) => s.name === 'inner');
    expect(outer?.attributes['astra.run_id']).toBe('r1');
    expect(inner?.spanContext().traceId).toBe(outer?.spanContext().traceId);
    expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
    expect(result).toBe(outer?.spanContext().traceId);
    expect(outer?.status.code).toBe(SpanStatusCode.OK);
    expect(outer?.resource.attributes['service.name']).toBe('verifier');
    expect(outer?.resource.attributes['service.version']).toBe('1.2.3');
  });

  it('names a @Traced use case span <Class>.execute and keeps its result and this', async () => {
    const useCase = new SampleChainsUseCase();
    await expect(useCase.execute({ fail: false })).resolves.toBe('done by SampleChainsUseCase');
    expect(useCase.calls).toBe(1);
    const spans = exporter.getFinishedSpans();
    const execute = spans.find((s) => s.name === 'SampleChainsUseCase.execute');
    const step = spans.find((s) => s.name === 'inner step');
    expect(execute).toBeDefined();
    expect(step?.parentSpanContext?.spanId).toBe(execute?.spanContext().spanId);
  });

  it('records the exception and an ERROR status when the use case throws', async () => {
    await expect(new SampleChainsUseCase().execute({ fail: true })).rejects.toThrow('no chain');
    const execute = exporter.getFinishedSpans().find((s) => s.name === 'SampleChainsUseCase.execute');
    expect(execute?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no chain' });
    expect(execute?.events.map((e) => e.name)).toEqual(['exception']);
    expect(execute?.events[0]?.attributes?.['exception.message']).toBe('no chain');
  });

  it('propagates W3C trace context through a carrier', async () => {
    const carrier: Record<string, string> = {};
    await withSpan('send', {}, () => propagation.inject(context.active(), carrier));
    const sent = exporter.getFinishedSpans()[0];
    expect(carrier['traceparent']).toBe(`00-${sent?.spanContext().traceId}-${sent?.spanContext().spanId}-01`);
    const extracted = propagation.extract(context.active(), carrier);
    await context.with(extracted, () => withSpan('process', {}, () => undefined));
    const processed = exporter.getFinishedSpans()[1];
    expect(processed?.spanContext().traceId).toBe(sent?.spanContext().traceId);
  });
});

describe('resolveTelemetrySettings', () => {
  it('exports over OTLP once an endpoint is configured', () => {
    expect(resolveTelemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toMatchObject({
      traces: 'otlp',
      metrics: 'otlp',
    });
    expect(resolveTelemetrySettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' })).toMatchObject({
      traces: 'otlp',
      metrics: 'none',
    });
  });

  it('honours the explicit exporter, disable flag, service name and interval', () => {
    const settings = resolveTelemetrySettings({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'console',
      OTEL_SDK_DISABLED: 'TRUE',
      OTEL_SERVICE_NAME: 'verifier-canary',
      OTEL_METRIC_EXPORT_INTERVAL: '5000',
    });
    expect(settings).toEqual({
      disabled: true,
      serviceName: 'verifier-canary',
      traces: 'none',
      metrics: 'console',
      metricExportIntervalMs: 5000,
    });
  });
});
