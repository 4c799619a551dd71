import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRunId } from './run-context';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Service name written on every line. */
  service: string;
  /** pino level name; defaults to info. */
  level?: string;
  /** Where lines go; defaults to stdout. Tests pass a stream that collects lines. */
  destination?: DestinationStream;
}

/** Ids that tie a log line to its trace and run: trace_id and span_id of the active span, run_id of the run context. */
export function correlationFields(): Record<string, string> {
  const fields: Record<string, string> = {};
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext && isSpanContextValid(spanContext)) {
    fields['trace_id'] = spanContext.traceId;
    fields['span_id'] = spanContext.spanId;
  }
  const runId = currentRunId();
  if (runId !== undefined) fields['run_id'] = runId;
  return fields;
}

/** A pino JSON logger whose every line carries service, and trace_id, span_id and run_id when they exist. */
export function createLogger(options: LoggerOptions): Logger {
  const settings: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: correlationFields,
  };
  // Synchronous stdout by default, so the last lines before a crash are not lost.
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
