import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK, metrics, resources, tracing } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { platformInstrumentations } from './instrumentations';
import { type TelemetryEnv, type TelemetrySettings, resolveTelemetrySettings } from './telemetry.config';

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
  const sdk = new NodeSDK({
    resource: resources.defaultResource().merge(
      resources.resourceFromAttributes({
        [ATTR_SERVICE_NAME]: settings.serviceName ?? options.serviceName,
        [ATTR_SERVICE_VERSION]: options.serviceVersion,
      }),
    ),
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    spanProcessors: [...spanProcessorsFor(settings), ...(options.spanProcessors ?? [])],
    metricReaders: [...metricReadersFor(settings), ...(options.metricReaders ?? [])],
    // No log export: logs are JSON lines on stdout carrying trace ids.
    logRecordProcessors: [],
    instrumentations: options.instrument === false ? [] : platformInstrumentations(),
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

function spanProcessorsFor(settings: TelemetrySettings): SpanProcessor[] {
  switch (settings.traces) {
    case 'otlp':
      return [new tracing.BatchSpanProcessor(new OTLPTraceExporter())];
    case 'console':
      return [new tracing.SimpleSpanProcessor(new tracing.ConsoleSpanExporter())];
    case 'none':
      // Keeps a real tracer provider (ids for logs and propagation) without exporting anything.
      return [new tracing.NoopSpanProcessor()];
  }
}

function metricReadersFor(settings: TelemetrySettings): MetricReader[] {
  const exportIntervalMillis = settings.metricExportIntervalMs;
  switch (settings.metrics) {
    case 'otlp':
      return [new metrics.PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), exportIntervalMillis })];
    case 'console':
      return [
        new metrics.PeriodicExportingMetricReader({ exporter: new metrics.ConsoleMetricExporter(), exportIntervalMillis }),
      ];
    case 'none':
      return [];
  }
}
