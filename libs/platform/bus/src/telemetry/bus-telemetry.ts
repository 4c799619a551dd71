import {
  context,
  metrics,
  propagation,
  SpanKind,
  trace,
  type Attributes,
  type Context,
  type ObservableResult,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { METRICS, type BusError, type Envelope } from '@astra/contracts';
import { settleSpan } from '@astra/platform/telemetry';
import { SILENT_BUS_LOG, type BusLog } from '../bus.types';

/** A string map that trace context travels in (NATS headers are adapted to it). */
export interface HeaderCarrier {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  keys(): string[];
}

const setter: TextMapSetter<HeaderCarrier> = { set: (carrier, key, value) => carrier.set(key, value) };
const getter: TextMapGetter<HeaderCarrier> = {
  get: (carrier, key) => carrier.get(key),
  keys: (carrier) => carrier.keys(),
};

/** Span names use the registry subject (the same in every deployment); attributes carry the subject on the wire. */
export interface SpanTarget {
  readonly subject: string;
  readonly wireSubject: string;
}

/** Outcome label of the handler duration histogram. */
export type HandlerOutcomeLabel = 'ack' | 'nak' | 'dead_letter' | 'term' | 'rpc_ok' | 'rpc_error';

/** One handled delivery, as the duration histogram and the log line report it. */
export interface HandledDelivery {
  readonly key: string;
  readonly outcome: HandlerOutcomeLabel;
  readonly durationMs: number;
  /** Absent when the message had no valid envelope. */
  readonly envelope?: Envelope;
  readonly deliveryCount?: number;
  readonly error?: BusError;
}

/**
 * Spans, metrics and log lines of the bus, on the global OpenTelemetry API (no SDK here: the app's instrument.ts sets
 * it up). Log lines are written inside the consumer span and run context, so the logger adds trace and run ids.
 */
export class BusTelemetry {
  private readonly tracer = trace.getTracer('@astra/platform-bus');
  private readonly meter = metrics.getMeter('@astra/platform-bus');
  private readonly published = this.meter.createCounter(METRICS.busPublished, { description: 'Messages published' });
  private readonly duration = this.meter.createHistogram(METRICS.busHandlerDuration, { unit: 'ms' });
  private readonly age = this.meter.createHistogram(METRICS.busMessageAge, { unit: 'ms' });
  private readonly redeliveries = this.meter.createCounter(METRICS.busRedeliveries);
  private readonly deadLetters = this.meter.createCounter(METRICS.busDeadLetters);
  private readonly pending = this.meter.createObservableGauge(METRICS.busConsumerPending);
  private readonly dlqDepth = this.meter.createObservableGauge(METRICS.busDlqDepth);
  private observers: Array<() => void> = [];

  constructor(
    private readonly service: string,
    private readonly log: BusLog = SILENT_BUS_LOG,
  ) {}

  /** Runs `work` inside a producer span whose context `carrier` receives. */
  async send<T>(target: SpanTarget, envelope: Envelope, carrier: HeaderCarrier, work: () => Promise<T>): Promise<T> {
    const span = this.tracer.startSpan(`send ${target.subject}`, {
      kind: SpanKind.PRODUCER,
      attributes: this.messageAttributes(target, envelope, 'send'),
    });
    const ctx = trace.setSpan(context.active(), span);
    propagation.inject(ctx, carrier, setter);
    return settleSpan(span, () => context.with(ctx, work));
  }

  /** Runs `work` inside a consumer span, child of the context the producer put in `carrier`. */
  async process<T>(target: SpanTarget, envelope: Envelope, carrier: HeaderCarrier, work: () => Promise<T>): Promise<T> {
    const parent: Context = propagation.extract(context.active(), carrier, getter);
    const span = this.tracer.startSpan(
      `process ${target.subject}`,
      { kind: SpanKind.CONSUMER, attributes: this.messageAttributes(target, envelope, 'process') },
      parent,
    );
    return settleSpan(span, () => context.with(trace.setSpan(parent, span), work));
  }

  countPublished(key: string, duplicate: boolean): void {
    this.published.add(1, { key, outcome: duplicate ? 'duplicate' : 'stored' });
  }

  /** Records the handler duration and writes the delivery's log line: debug when it succeeded, else warn or error. */
  recordHandled(delivery: HandledDelivery): void {
    const { key, outcome, durationMs, envelope, error } = delivery;
    this.duration.record(durationMs, { key, service: this.service, outcome });
    const fields: Record<string, unknown> = {
      key,
      outcome,
      duration_ms: Math.round(durationMs * 10) / 10,
      ...(envelope ? { message_id: envelope.id, producer: envelope.producer } : {}),
      ...(delivery.deliveryCount === undefined ? {} : { delivery: delivery.deliveryCount }),
      ...(error ? { error_code: error.code, error_message: error.message, retryable: error.retryable } : {}),
    };
    const ok = outcome === 'ack' || outcome === 'rpc_ok';
    const line = `${ok ? 'handled' : 'failed'} ${key}: ${outcome}`;
    if (ok) this.log.debug(fields, line);
    else if (outcome === 'dead_letter' || outcome === 'term') this.log.error(fields, line);
    else this.log.warn(fields, line);
  }

  recordPickup(key: string, ageMs: number, deliveryCount: number): void {
    this.age.record(Math.max(0, ageMs), { key });
    if (deliveryCount > 1) this.redeliveries.add(1, { key });
  }

  countDeadLetter(key: string, code: string): void {
    this.deadLetters.add(1, { key, code });
  }

  /** Registers the gauges' sources; `pending` maps consumer names to their pending counts. */
  observe(pending: () => Promise<Map<string, number>>, dlqDepth: () => Promise<number | undefined>): void {
    const onPending = async (result: ObservableResult) => {
      for (const [consumer, count] of await pending()) result.observe(count, { consumer });
    };
    const onDlq = async (result: ObservableResult) => {
      const depth = await dlqDepth();
      if (depth !== undefined) result.observe(depth);
    };
    this.pending.addCallback(onPending);
    this.dlqDepth.addCallback(onDlq);
    this.observers.push(
      () => this.pending.removeCallback(onPending),
      () => this.dlqDepth.removeCallback(onDlq),
    );
  }

  stopObserving(): void {
    for (const remove of this.observers) remove();
    this.observers = [];
  }

  private messageAttributes(target: SpanTarget, envelope: Envelope, operation: string): Attributes {
    return {
      'messaging.system': 'nats',
      'messaging.operation.type': operation,
      'messaging.destination.name': target.wireSubject,
      'messaging.message.id': envelope.id,
      'astra.run_id': envelope.runId,
      'astra.message.key': envelope.key,
      'astra.service': this.service,
    };
  }
}
