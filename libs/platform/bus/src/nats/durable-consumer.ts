import type { ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import {
  BusError,
  deadLetterSubject,
  ENVELOPE_HEADERS,
  type AsyncMessageDefinition,
  type Envelope,
} from '@astra/contracts';
import type { MessageContext } from '../bus.types';
import type { BusNaming } from '../core/bus-naming';
import { runInMessageScope } from '../core/handler-scope';
import { backoffDelay, decide, runHandler, type Disposition, type HandlerOutcome } from '../core/handler-outcome';
import type { AnyHandler } from '../core/handler-table';
import { messageContext, parseWith } from '../core/message-envelope';
import { Semaphore } from '../core/semaphore';
import type { BusTelemetry, HandlerOutcomeLabel, SpanTarget } from '../telemetry/bus-telemetry';
import { DEAD_LETTER_HEADERS, headerCarrier, readEnvelope, writeError } from './wire-headers';

export interface DurableConsumerDeps {
  readonly js: JetStreamClient;
  readonly naming: BusNaming;
  readonly telemetry: BusTelemetry;
  readonly concurrency: number;
}

/** Pulls one durable consumer and settles every delivery through the outcome switch. */
export class DurableConsumer {
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly slots: Semaphore;
  private readonly target: SpanTarget;
  /** The stream's name on the server. */
  readonly stream: string;

  constructor(
    private readonly deps: DurableConsumerDeps,
    private readonly def: AsyncMessageDefinition,
    private readonly handler: AnyHandler,
    readonly durable: string,
  ) {
    this.slots = new Semaphore(deps.concurrency);
    this.target = { subject: def.subject, wireSubject: deps.naming.subject(def.subject) };
    this.stream = deps.naming.stream(def.stream);
  }

  async start(): Promise<void> {
    const consumer = await this.deps.js.consumers.get(this.stream, this.durable);
    this.messages = await consumer.consume({ max_messages: this.deps.concurrency });
    this.loop = this.pull(this.messages);
  }

  /** Stops pulling and waits for the handlers already running. */
  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  private async pull(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      await this.slots.acquire();
      // settle() maps every handler outcome itself; what still rejects is a failed handler (after its delivery is
      // settled, to mark its span) or the connection (the server redelivers).
      const task = this.settle(msg)
        .catch(() => undefined)
        .finally(() => {
          this.slots.release();
          this.inFlight.delete(task);
        });
      this.inFlight.add(task);
    }
  }

  private async settle(msg: JsMsg): Promise<void> {
    const started = performance.now();
    const deliveryCount = msg.info.deliveryCount;
    let envelope: Envelope;
    try {
      envelope = readEnvelope(msg.headers);
    } catch (error) {
      // No envelope, so no run or trace to join: dead-letter the message as it is.
      const invalid: HandlerOutcome = { kind: 'invalid', error: BusError.from(error) };
      const outcome = await this.apply(msg, decide(invalid, deliveryCount, this.def.delivery));
      this.deps.telemetry.recordHandled({ key: this.def.key, outcome, durationMs: performance.now() - started, error: invalid.error });
      return;
    }
    this.deps.telemetry.recordPickup(this.def.key, Date.now() - Number(msg.timestampNanos / 1_000_000n), deliveryCount);
    const ctx = messageContext(envelope, deliveryCount, this.def.delivery.maxDeliver);
    // The consumer span and the run context cover the handler, the ack or nak, and the delivery's log line.
    await this.deps.telemetry.process(this.target, envelope, headerCarrier(msg.headers), () =>
      runInMessageScope(ctx, async () => {
        const result = await this.invoke(msg, ctx);
        const outcome = await this.apply(msg, decide(result, deliveryCount, this.def.delivery), envelope);
        const error = result.kind === 'success' ? undefined : result.error;
        const durationMs = performance.now() - started;
        this.deps.telemetry.recordHandled({ key: this.def.key, outcome, durationMs, envelope, deliveryCount, error });
        // Marks the consumer span failed; the delivery is already settled.
        if (error) throw error;
      }),
    );
  }

  private async invoke(msg: JsMsg, ctx: MessageContext): Promise<HandlerOutcome> {
    let payload: unknown;
    try {
      payload = parseWith(this.def.payload, msg.json(), `payload of ${this.def.key}`);
    } catch (error) {
      return { kind: 'invalid', error: BusError.from(error) };
    }
    // Tell the server the handler is alive, so a long handler is not redelivered while it runs.
    const heartbeat = setInterval(() => msg.working(), Math.max(50, Math.floor(this.def.delivery.ackWaitMs / 3)));
    heartbeat.unref();
    try {
      return await runHandler(() => this.handler(payload, ctx));
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async apply(msg: JsMsg, disposition: Disposition, envelope?: Envelope): Promise<HandlerOutcomeLabel> {
    switch (disposition.action) {
      case 'ack':
        msg.ack();
        return 'ack';
      case 'nak':
        msg.nak(disposition.delayMs);
        return 'nak';
      case 'dead_letter':
        try {
          await this.deadLetter(msg, disposition.error, envelope);
        } catch {
          // The dead letter could not be stored: keep the message and try again later rather than lose it.
          msg.nak(backoffDelay(this.def.delivery, msg.info.deliveryCount));
          return 'nak';
        }
        msg.term(`${disposition.error.code}: ${disposition.error.message}`.slice(0, 200));
        this.deps.telemetry.countDeadLetter(this.def.key, disposition.error.code);
        return 'dead_letter';
    }
  }

  private async deadLetter(msg: JsMsg, error: BusError, envelope?: Envelope): Promise<void> {
    const h = natsHeaders();
    for (const [name, values] of msg.headers ?? []) {
      if (name === ENVELOPE_HEADERS.id) continue;
      for (const value of values) h.append(name, value);
    }
    writeError(h, error);
    const originalId = envelope?.id ?? `seq-${msg.info.streamSequence}`;
    h.set(DEAD_LETTER_HEADERS.originalId, originalId);
    h.set(DEAD_LETTER_HEADERS.originalSubject, this.def.subject);
    h.set(DEAD_LETTER_HEADERS.deliveryCount, String(msg.info.deliveryCount));
    h.set(DEAD_LETTER_HEADERS.consumer, this.durable);
    h.set(DEAD_LETTER_HEADERS.stream, msg.info.stream);
    h.set(DEAD_LETTER_HEADERS.streamSequence, String(msg.info.streamSequence));
    const subject = this.deps.naming.subject(deadLetterSubject(this.def.subject));
    // One dead letter per (message, consumer): two event consumers may both dead-letter the same message.
    await this.deps.js.publish(subject, msg.data, { headers: h, msgID: `${originalId}:${this.durable}` });
  }
}
