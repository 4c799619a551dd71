import {
  context,
  isSpanContextValid,
  metrics,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { METRICS } from '@astra/contracts';

const SCOPE = '@astra/platform/llm';

type LlmOperationName = 'chat' | 'embeddings';
type Outcome = 'ok' | 'error' | 'cache_hit';

/** What a span and the metrics need to know about a call once it ends. */
export interface LlmCallOutcome {
  outcome: Outcome;
  inputTokens: number;
  outputTokens: number;
  responseModel?: string;
  attempts: number;
  finishReason?: string | null;
  error?: unknown;
}

/**
 * The span name and every attribute set of one role and operation, built once: building them per call (and the
 * startActiveSpan wrapper around an async closure) was a measurable share of the client's CPU per call.
 */
export interface LlmSpanTemplate {
  readonly operation: LlmOperationName;
  readonly name: string;
  readonly attributes: Attributes;
  readonly calls: Readonly<Record<Outcome, Attributes>>;
  readonly duration: Attributes;
  readonly inputTokens: Attributes;
  readonly outputTokens: Attributes;
}

/** GenAI-semantic spans and metrics for LLM calls, through @opentelemetry/api only (no-ops until an SDK is set). */
export class LlmTelemetry {
  private readonly tracer = trace.getTracer(SCOPE);
  private readonly meter = metrics.getMeter(SCOPE);
  private readonly calls = this.meter.createCounter(METRICS.llmCalls, { description: 'LLM calls by outcome' });
  private readonly tokens = this.meter.createHistogram(METRICS.llmTokenUsage, { unit: '{token}', description: 'tokens per call' });
  private readonly duration = this.meter.createHistogram(METRICS.llmDuration, { unit: 's', description: 'LLM call duration' });

  /** The span name and attribute sets of a role's calls of one operation. */
  static template(
    operation: LlmOperationName,
    system: string,
    model: string,
    role: string,
    params?: Record<string, unknown>,
  ): LlmSpanTemplate {
    const modelAttrs = { 'gen_ai.request.model': model };
    return {
      operation,
      name: `${operation} ${model}`,
      attributes: spanAttributes(operation, system, model, role, params),
      calls: {
        ok: { role, model, outcome: 'ok' },
        error: { role, model, outcome: 'error' },
        cache_hit: { role, model, outcome: 'cache_hit' },
      },
      duration: { ...modelAttrs, 'gen_ai.operation.name': operation },
      inputTokens: { 'gen_ai.token.type': 'input', ...modelAttrs },
      outputTokens: { 'gen_ai.token.type': 'output', ...modelAttrs },
    };
  }

  /** Starts a `<operation> <model>` client span; request parameters, when they differ from the role's, rebuild its attributes. */
  start(t: LlmSpanTemplate, run: { runId?: string; stage?: string }, requestAttributes?: Attributes): Span {
    let attributes = requestAttributes ?? t.attributes;
    if (run.runId || run.stage) {
      attributes = { ...attributes };
      if (run.runId) attributes['astra.run.id'] = run.runId;
      if (run.stage) attributes['astra.stage'] = run.stage;
    }
    return this.tracer.startSpan(t.name, { kind: SpanKind.CLIENT, attributes });
  }

  /**
   * The context with the span active, so that spans of the HTTP call nest under it; undefined when tracing is off
   * (the span is the no-op one with an invalid context) and there is nothing to nest.
   */
  activeContext(span: Span): Context | undefined {
    return isSpanContextValid(span.spanContext()) ? trace.setSpan(context.active(), span) : undefined;
  }

  /** Ends the span and records the metrics of a finished call. */
  finish(span: Span, t: LlmSpanTemplate, durationMs: number, o: LlmCallOutcome): void {
    if (span.isRecording()) describe(span, o);
    span.end();
    this.calls.add(1, t.calls[o.outcome]);
    if (o.outcome === 'cache_hit') return;
    this.duration.record(durationMs / 1000, t.duration);
    if (o.outcome === 'ok') {
      this.tokens.record(o.inputTokens, t.inputTokens);
      this.tokens.record(o.outputTokens, t.outputTokens);
    }
  }
}

/** The span attributes of a call with the given sampling parameters. */
export function spanAttributes(
  operation: LlmOperationName,
  system: string,
  model: string,
  role: string,
  params?: Record<string, unknown>,
): Attributes {
  const attributes: Attributes = {
    'gen_ai.operation.name': operation,
    'gen_ai.system': system,
    'gen_ai.request.model': model,
    'astra.llm.role': role,
  };
  const p = params;
  if (typeof p?.['temperature'] === 'number') attributes['gen_ai.request.temperature'] = p['temperature'];
  if (typeof p?.['top_p'] === 'number') attributes['gen_ai.request.top_p'] = p['top_p'];
  if (typeof p?.['max_tokens'] === 'number') attributes['gen_ai.request.max_tokens'] = p['max_tokens'];
  if (typeof p?.['seed'] === 'number') attributes['gen_ai.request.seed'] = p['seed'];
  return attributes;
}

function describe(span: Span, o: LlmCallOutcome): void {
  span.setAttribute('gen_ai.usage.input_tokens', o.inputTokens);
  span.setAttribute('gen_ai.usage.output_tokens', o.outputTokens);
  span.setAttribute('astra.llm.attempts', o.attempts);
  span.setAttribute('astra.llm.cache_hit', o.outcome === 'cache_hit');
  if (o.responseModel) span.setAttribute('gen_ai.response.model', o.responseModel);
  if (o.finishReason) span.setAttribute('gen_ai.response.finish_reasons', [o.finishReason]);
  if (o.outcome === 'error') {
    const code = (o.error as { code?: string } | undefined)?.code ?? 'error';
    span.setAttribute('error.type', code);
    if (o.error instanceof Error) span.recordException(o.error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: o.error instanceof Error ? o.error.message : String(o.error) });
  }
}
