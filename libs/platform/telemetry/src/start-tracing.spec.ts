import { ROOT_CONTEXT, context, propagation, trace } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import { environmentCarrier, startTracing, withSpan } from './index';

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

function injected(ctx = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

describe('startTracing (short-lived processes: the CLI)', () => {
  afterEach(() => {
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('without an exporter, gives the root context a fresh sampled trace that everything sent under it carries', async () => {
    const handle = startTracing({ serviceName: 'cli', serviceVersion: 't', env: {} });
    expect(handle.settings.traces).toBe('none');
    const root = trace.getSpanContext(handle.rootContext);
    expect(root?.traceId).toMatch(/^[0-9a-f]{32}$/);
    const inside = await context.with(handle.rootContext, () =>
      withSpan('send x', {}, (span) => ({ recording: span.isRecording(), carrier: injected() })),
    );
    // No tracer provider: nothing is recorded, and the root's ids travel as they are.
    expect(inside.recording).toBe(false);
    expect(inside.carrier['traceparent']).toBe(`00-${root?.traceId}-${root?.spanId}-01`);
    const other = startTracing({ serviceName: 'cli', serviceVersion: 't', env: {} });
    expect(trace.getSpanContext(other.rootContext)?.traceId).not.toBe(root?.traceId);
  });

  it('continues the trace TRACEPARENT names, with TRACESTATE', () => {
    const handle = startTracing({ serviceName: 'cli', serviceVersion: 't', env: { TRACEPARENT: PARENT, TRACESTATE: 'astra=1' } });
    expect(trace.getSpanContext(handle.rootContext)).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      isRemote: true,
    });
    expect(injected(handle.rootContext)).toEqual({ traceparent: PARENT, tracestate: 'astra=1' });
  });

  it('records spans under the TRACEPARENT span once spans are exported, and flushes them on shutdown', async () => {
    // InMemorySpanExporter forgets its spans on shutdown; this one keeps them.
    const exported: tracing.ReadableSpan[] = [];
    const exporter: tracing.SpanExporter = {
      export: (spans, done) => {
        exported.push(...spans);
        done({ code: 0 });
      },
      shutdown: async () => undefined,
    };
    const handle = startTracing({
      serviceName: 'cli',
      serviceVersion: '2.0.0',
      env: { TRACEPARENT: PARENT, OTEL_SERVICE_NAME: 'astra-cli' },
      spanProcessors: [new tracing.BatchSpanProcessor(exporter)],
    });
    await context.with(handle.rootContext, () => withSpan('astra catalog ls', {}, () => withSpan('send y', {}, () => undefined)));
    expect(exported).toHaveLength(0);
    await handle.shutdown();
    const [send, command] = exported;
    expect(command?.name).toBe('astra catalog ls');
    expect(command?.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(command?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(send?.parentSpanContext?.spanId).toBe(command?.spanContext().spanId);
    expect(command?.resource.attributes).toMatchObject({ 'service.name': 'astra-cli', 'service.version': '2.0.0' });
  });

  it('does nothing when OTEL_SDK_DISABLED is true', async () => {
    const handle = startTracing({ serviceName: 'cli', serviceVersion: 't', env: { OTEL_SDK_DISABLED: 'true', TRACEPARENT: PARENT } });
    expect(handle.rootContext).toBe(ROOT_CONTEXT);
    expect(injected(handle.rootContext)).toEqual({});
    await expect(handle.shutdown()).resolves.toBeUndefined();
  });
});

describe('environmentCarrier', () => {
  it('reads TRACEPARENT, TRACESTATE and BAGGAGE as a W3C carrier, ignoring empty ones', () => {
    expect(environmentCarrier({ TRACEPARENT: ` ${PARENT} `, TRACESTATE: '', BAGGAGE: 'k=v', PATH: '/bin' })).toEqual({
      traceparent: PARENT,
      baggage: 'k=v',
    });
  });
});
