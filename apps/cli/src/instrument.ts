// Loaded first by main.ts. Tracing only: no metrics and no instrumentation, so the CLI starts fast.
import { startTracing } from '@astra/platform/telemetry';

/** Spans of this invocation: exported when OTEL_* configures an exporter; the parent comes from TRACEPARENT. */
export const cliTracing = startTracing({ serviceName: 'cli', serviceVersion: process.env['npm_package_version'] ?? '0.1.0' });
