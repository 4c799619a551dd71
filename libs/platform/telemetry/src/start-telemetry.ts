import type { metrics, tracing } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { type TelemetryEnv, type TelemetrySettings, resolveTelemetrySettings } from './telemetry.config';
import { w3cPropagator } from './w3c-propagator';

type SpanProcessor = tracing.SpanProcessor;
type MetricReader = metrics.MetricReader;

export interface TelemetryOptions {
  serviceName: string;
  serviceVersion: string;
  /** OTEL_* variables; defaults to process.env (read in telemetry.config.ts). */
  env?: TelemetryEnv;
  /** Extra span processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
  /** Extra metric readers, e.g. an in-memory reader in tests. */
  metricReaders?: MetricReader[];
  /** Whether to patch http, express and pg; default true. */
  instrument?: boolean;
  /** Whether SIGTERM flushes and shuts the SDK down; default true. */
  handleSigterm?: boolean;
}

export interface TelemetryHandle {
  readonly settings: TelemetrySettings;
  /** Flushes and stops exporting; idempotent. */
  shutdown(): Promise<void>;
}

let active: TelemetryHandle | undefined;

/**
 * Starts the OpenTelemetry Node SDK for a service: W3C trace context, OTLP/HTTP exporters when configured by the
 * standard variables, http/express/pg instrumentation. Call it first thing (apps' instrument.ts). A tracer provider
 * is always installed, so trace and span ids exist (logs, NATS headers) even when nothing is exported.
 */
export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  if (active) return active;
  const settings = resolveTelemetrySettings(options.env);
  if (settings.disabled) {
    active = { settings, shutdown: async () => undefined };
    return active;
  }
  const { NodeSDK, resources } = loadSdk();
  const sdk = new NodeSDK({
    resource: resources.defaultResource().merge(
      resources.resourceFromAttributes({
        [ATTR_SERVICE_NAME]: settings.serviceName ?? options.serviceName,
        [ATTR_SERVICE_VERSION]: options.serviceVersion,
      }),
    ),
    textMapPropagator: w3cPropagator(),
    spanProcessors: [...spanProcessorsFor(settings), ...(options.spanProcessors ?? [])],
    metricReaders: [...metricReadersFor(settings), ...(options.metricReaders ?? [])],
    // No log export: logs are JSON lines on stdout carrying trace ids.
    logRecordProcessors: [],
    instrumentations: options.instrument === false ? [] : loadInstrumentations().platformInstrumentations(),
  });
  sdk.start();
  let stopping: Promise<void> | undefined;
  const handle: TelemetryHandle = {
    settings,
    shutdown: () => (stopping ??= sdk.shutdown().catch(() => undefined)),
  };
  active = handle;
  if (options.handleSigterm !== false) process.once('SIGTERM', () => void onSigterm(handle));
  return handle;
}

/** Flushes and stops the SDK that startTelemetry started, if any. */
export async function shutdownTelemetry(): Promise<void> {
  await active?.shutdown();
}

async function onSigterm(handle: TelemetryHandle): Promise<void> {
  await handle.shutdown();
  // Our listener suppressed Node's default exit. When nobody else (Nest's shutdown hooks) handles SIGTERM, exit now.
  if (process.listenerCount('SIGTERM') === 0) process.kill(process.pid, 'SIGTERM');
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded when a service starts telemetry, not on import */
// The Node SDK, its exporters and the instrumentations take about a second to load. The bus and the CLI import this
// library for spans only, so these modules are required here, on first start, rather than at the top of the file.
function loadSdk() {
  return require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
}

function loadInstrumentations() {
  return require('./instrumentations') as typeof import('./instrumentations');
}

function loadExporters() {
  return {
    ...(require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')),
    ...(require('@opentelemetry/exporter-metrics-otlp-http') as typeof import('@opentelemetry/exporter-metrics-otlp-http')),
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

function spanProcessorsFor(settings: TelemetrySettings): SpanProcessor[] {
  const { tracing } = loadSdk();
  switch (settings.traces) {
    case 'otlp':
      return [new tracing.BatchSpanProcessor(new (loadExporters().OTLPTraceExporter)())];
    case 'console':
      return [new tracing.SimpleSpanProcessor(new tracing.ConsoleSpanExporter())];
    case 'none':
      // Keeps a real tracer provider (ids for logs and propagation) without exporting anything.
      return [new tracing.NoopSpanProcessor()];
  }
}

function metricReadersFor(settings: TelemetrySettings): MetricReader[] {
  const { metrics } = loadSdk();
  const exportIntervalMillis = settings.metricExportIntervalMs;
  switch (settings.metrics) {
    case 'otlp':
      return [new metrics.PeriodicExportingMetricReader({ exporter: new (loadExporters().OTLPMetricExporter)(), exportIntervalMillis })];
    case 'console':
      return [new metrics.PeriodicExportingMetricReader({ exporter: new metrics.ConsoleMetricExporter(), exportIntervalMillis })];
    case 'none':
      return [];
  }
}
