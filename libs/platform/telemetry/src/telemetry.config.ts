/** Exporter choice for one signal. */
export type ExporterChoice = 'otlp' | 'console' | 'none';

/** What the standard OTEL_* variables ask for, decided once at start. */
export interface TelemetrySettings {
  readonly disabled: boolean;
  readonly serviceName?: string;
  readonly traces: ExporterChoice;
  readonly metrics: ExporterChoice;
  readonly metricExportIntervalMs: number;
}

export type TelemetryEnv = Readonly<Record<string, string | undefined>>;

/**
 * Reads OTEL_SDK_DISABLED, OTEL_SERVICE_NAME, OTEL_TRACES_EXPORTER, OTEL_METRICS_EXPORTER,
 * OTEL_EXPORTER_OTLP_(TRACES_|METRICS_)ENDPOINT and OTEL_METRIC_EXPORT_INTERVAL.
 * Without an explicit exporter, a signal is exported over OTLP only when an OTLP endpoint is configured, so a
 * service on a laptop does not log connection errors to a collector that is not there.
 */
export function resolveTelemetrySettings(env: TelemetryEnv = process.env): TelemetrySettings {
  const anyEndpoint = nonEmpty(env['OTEL_EXPORTER_OTLP_ENDPOINT']);
  const interval = Number(env['OTEL_METRIC_EXPORT_INTERVAL']);
  return {
    disabled: env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true',
    serviceName: nonEmpty(env['OTEL_SERVICE_NAME']),
    traces: choose(env['OTEL_TRACES_EXPORTER'], anyEndpoint ?? nonEmpty(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'])),
    metrics: choose(env['OTEL_METRICS_EXPORTER'], anyEndpoint ?? nonEmpty(env['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'])),
    metricExportIntervalMs: Number.isFinite(interval) && interval > 0 ? interval : 60_000,
  };
}

/**
 * TRACEPARENT, TRACESTATE and BAGGAGE (OpenTelemetry's environment carrier) as a W3C carrier: a script that starts
 * several processes passes its span this way, and each process's root span becomes its child.
 */
export function environmentCarrier(env: TelemetryEnv = process.env): Record<string, string> {
  const carrier: Record<string, string> = {};
  for (const name of ['TRACEPARENT', 'TRACESTATE', 'BAGGAGE']) {
    const value = nonEmpty(env[name]);
    if (value !== undefined) carrier[name.toLowerCase()] = value.trim();
  }
  return carrier;
}

function choose(explicit: string | undefined, endpoint: string | undefined): ExporterChoice {
  const first = explicit?.split(',')[0]?.trim().toLowerCase();
  if (first === 'otlp' || first === 'console' || first === 'none') return first;
  return endpoint === undefined ? 'none' : 'otlp';
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
