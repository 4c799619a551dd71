import { metrics, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { METRICS } from '@astra/contracts';

const SCOPE = '@astra/platform/llm';

/** What a span and the metrics need to know about a call once it ends. */
export interface LlmCallOutcome {
  outcome: 'ok' | 'error' | 'cache_hit';
  inputTokens: number;
  outputTokens: number;
  responseModel?: string;
  attempts: number;
  finishReason?: string | null;
  error?: unknown;
}

/** GenAI-semantic spans and metrics for LLM calls, through @opentelemetry/api only (no-ops until an SDK is set). */
export class LlmTelemetry {
  private readonly tracer = trace.getTracer(SCOPE);
  private readonly meter = metrics.getMeter(SCOPE);
  private readonly calls = this.meter.createCounter(METRICS.llmCalls, { description: 'LLM calls by outcome' });
  private readonly tokens = this.meter.createHistogram(METRICS.llmTokenUsage, { unit: '{token}', description: 'tokens per call' });
  private readonly duration = this.meter.createHistogram(METRICS.llmDuration, { unit: 's', description: 'LLM call duration' });

  /** Runs `fn` inside a `<operation> <model>` client span. */
  span<T>(
    operation: 'chat' | 'embeddings',
    attrs: { system: string; model: string; role: string; runId?: string; stage?: string; params?: Record<string, unknown> },
    fn: (span: Span) => Promise<T>,
  ): Promise<T> {
    const attributes: Record<string, string | number> = {
      'gen_ai.operation.name': operation,
      'gen_ai.system': attrs.system,
      'gen_ai.request.model': attrs.model,
      'astra.llm.role': attrs.role,
    };
    if (attrs.runId) attributes['astra.run.id'] = attrs.runId;
    if (attrs.stage) attributes['astra.stage'] = attrs.stage;
    const p = attrs.params;
    if (typeof p?.['temperature'] === 'number') attributes['gen_ai.request.temperature'] = p['temperature'];
    if (typeof p?.['top_p'] === 'number') attributes['gen_ai.request.top_p'] = p['top_p'];
    if (typeof p?.['max_tokens'] === 'number') attributes['gen_ai.request.max_tokens'] = p['max_tokens'];
    if (typeof p?.['seed'] === 'number') attributes['gen_ai.request.seed'] = p['seed'];
    return this.tracer.startActiveSpan(`${operation} ${attrs.model}`, { kind: SpanKind.CLIENT, attributes }, fn);
  }

  /** Ends the span and records the metrics of a finished call. */
  finish(span: Span, operation: 'chat' | 'embeddings', role: string, model: string, durationMs: number, o: LlmCallOutcome): void {
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
    span.end();
    this.calls.add(1, { role, model, outcome: o.outcome });
    if (o.outcome === 'cache_hit') return;
    this.duration.record(durationMs / 1000, { 'gen_ai.request.model': model, 'gen_ai.operation.name': operation });
    if (o.outcome === 'ok') {
      this.tokens.record(o.inputTokens, { 'gen_ai.token.type': 'input', 'gen_ai.request.model': model });
      this.tokens.record(o.outputTokens, { 'gen_ai.token.type': 'output', 'gen_ai.request.model': model });
    }
  }
}
