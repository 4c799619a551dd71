import { randomBytes } from 'node:crypto';
import { type Context, ROOT_CONTEXT, TraceFlags, context, isSpanContextValid, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { type TelemetryEnv, type TelemetrySettings, environmentCarrier, resolveTelemetrySettings } from './telemetry.config';
import { w3cPropagator } from './w3c-propagator';

export interface TracingOptions {
  serviceName: string;
  serviceVersion: string;
  /** OTEL_* variables and TRACEPARENT; defaults to process.env (read in telemetry.config.ts). */
  env?: TelemetryEnv;
  /** Extra span processors, e.g. an in-memory exporter in tests; they make spans record even without an exporter. */
  spanProcessors?: SpanProcessor[];
  /** How long exporting the last spans may take at shutdown, retries included; default 3000 ms. */
  flushTimeoutMs?: number;
}

export interface TracingHandle {
  readonly settings: TelemetrySettings;
  /** Where the process's root span starts: under the span TRACEPARENT names, else in a new trace. */
  readonly rootContext: Context;
  /** Exports the spans still buffered (bounded by flushTimeoutMs) and stops; idempotent. */
  shutdown(): Promise<void>;
}

/**
 * Tracing for a short-lived process (the CLI): W3C propagation and async context always, so the messages it sends
 * carry one trace; spans are recorded and exported only when OTEL_* configures an exporter. No metrics, no
 * instrumentation, and without an exporter not even a tracer provider, so starting costs a few milliseconds.
 */
export function startTracing(options: TracingOptions): TracingHandle {
  const settings = resolveTelemetrySettings(options.env);
  if (settings.disabled) return { settings, rootContext: ROOT_CONTEXT, shutdown: async () => undefined };
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(w3cPropagator());
  const extracted = propagation.extract(ROOT_CONTEXT, environmentCarrier(options.env));
  const flushTimeoutMs = options.flushTimeoutMs ?? 3_000;
  const processors = [...exportingProcessors(settings, flushTimeoutMs), ...(options.spanProcessors ?? [])];
  if (processors.length === 0) {
    return { settings, rootContext: withTraceIds(extracted), shutdown: async () => undefined };
  }
  const { BasicTracerProvider } = loadTraceSdk();
  const { defaultResource, resourceFromAttributes } = loadResources();
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: settings.serviceName ?? options.serviceName,
        [ATTR_SERVICE_VERSION]: options.serviceVersion,
      }),
    ),
    spanProcessors: processors,
  });
  trace.setGlobalTracerProvider(provider);
  let stopping: Promise<void> | undefined;
  return {
    settings,
    rootContext: extracted,
    shutdown: () => (stopping ??= bounded(provider.shutdown(), flushTimeoutMs)),
  };
}

/**
 * Without a tracer provider no span gets ids, so the process's root context gets a sampled span context of its own
 * (kept when TRACEPARENT gave one): everything sent under it then shares one trace that the services record.
 */
function withTraceIds(parent: Context): Context {
  const given = trace.getSpanContext(parent);
  if (given && isSpanContextValid(given)) return parent;
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return trace.setSpanContext(parent, { traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: false });
}

function exportingProcessors(settings: TelemetrySettings, timeoutMillis: number): SpanProcessor[] {
  const sdk = () => loadTraceSdk();
  switch (settings.traces) {
    case 'otlp':
      // The exporter's deadline covers its retries, whose timers would otherwise keep the process alive after the flush.
      return [new (sdk().BatchSpanProcessor)(new (loadOtlpExporter().OTLPTraceExporter)({ timeoutMillis }))];
    case 'console':
      return [new (sdk().SimpleSpanProcessor)(new (sdk().ConsoleSpanExporter)())];
    case 'none':
      return [];
  }
}

// A collector that does not answer must not hold the process up for the exporter's own timeouts.
async function bounded(work: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    timer.unref();
  });
  await Promise.race([work.catch(() => undefined), timeout]);
  clearTimeout(timer);
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded only when spans are recorded */
// The SDK, resources and the OTLP exporter cost tens of milliseconds to load; a CLI that exports nothing skips them.
function loadTraceSdk() {
  return require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
}

function loadResources() {
  return require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
}

function loadOtlpExporter() {
  return require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
}
/* eslint-enable @typescript-eslint/no-require-imports */
