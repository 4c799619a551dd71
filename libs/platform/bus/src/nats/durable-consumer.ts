import { JetStreamApiCodes, JetStreamApiError, type ConsumerMessages, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { BusError, deadLetterSubject, ENVELOPE_HEADERS, type AsyncMessageDefinition, type Envelope } from '@astra/contracts';
import type { BusLog, MessageContext } from '../bus.types';
import type { BusNaming } from '../core/bus-naming';
import { runInMessageScope } from '../core/handler-scope';
import { backoffDelay, decide, runHandler, type Disposition, type HandlerOutcome } from '../core/handler-outcome';
import type { AnyHandler } from '../core/handler-table';
import { messageContext, parseWith } from '../core/message-envelope';
import { Semaphore } from '../core/semaphore';
import type { BusTelemetry, HandlerOutcomeLabel, SpanTarget } from '../telemetry/bus-telemetry';
import { retryDelayMs, type ReconnectPolicy } from './reconnect-policy';
import { DEAD_LETTER_HEADERS, headerCarrier, readEnvelope, writeError } from './wire-headers';

export interface DurableConsumerDeps {
  readonly js: JetStreamClient;
  readonly naming: BusNaming;
  readonly telemetry: BusTelemetry;
  readonly log: BusLog;
  readonly concurrency: number;
  /** Backoff between attempts to pull again after the pull failed. */
  readonly retry: ReconnectPolicy;
  /** Whether the connection is up; while it is down the consumer waits for restart() instead of retrying. */
  readonly connected: () => boolean;
  /** Creates the durable consumer again (and its stream, where the bus creates streams) after the server lost it. */
  readonly recreate: (def: AsyncMessageDefinition, durable: string) => Promise<void>;
}

/**
 * Pulls one durable consumer and settles every delivery through the outcome switch. The pull is supervised: when it
 * fails or ends while the bus runs (a long outage, the consumer deleted on the server), it is opened again with
 * backoff, the consumer recreated if it is gone; after a reconnect the bus asks for a fresh pull right away.
 */
export class DurableConsumer {
  private messages?: ConsumerMessages;
  /** Bumped by every (re)open; a pull or an open of an older generation no longer counts. */
  private generation = 0;
  private failures = 0;
  private retryTimer?: NodeJS.Timeout;
  private stopping = false;
  private readonly loops = new Set<Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  /** The delivery handled here per stream sequence, so a redelivery of a message still running waits for it. */
  private readonly bySequence = new Map<number, Promise<void>>();
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

  /** Whether a pull opened on the current connection is running (readiness). */
  get consuming(): boolean {
    return this.messages !== undefined && !this.stopping;
  }

  /** Opens the first pull; fails when the consumer cannot be read. */
  async start(): Promise<void> {
    const generation = ++this.generation;
    this.adopt(generation, await this.open());
  }

  /** Drops the current pull and opens a fresh one now (after a reconnect, the old pull request died with the server). */
  restart(): void {
    if (this.stopping) return;
    this.dropPull();
    this.failures = 0;
    this.reopen();
  }

  /** Stops pulling and waits for the handlers already running. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.generation += 1;
    clearTimeout(this.retryTimer);
    this.dropPull();
    await Promise.allSettled([...this.loops]);
    await Promise.allSettled([...this.inFlight]);
  }

  private dropPull(): void {
    clearTimeout(this.retryTimer);
    const messages = this.messages;
    this.messages = undefined;
    // Ends the old pull loop once it asks for its next message; messages it already holds are still handled.
    void messages?.close().catch(() => undefined);
  }

  private reopen(): void {
    const generation = ++this.generation;
    const loop = this.open()
      .then((messages) => this.adopt(generation, messages))
      .catch((error: unknown) => this.pullFailed(generation, error))
      .finally(() => this.loops.delete(loop));
    this.loops.add(loop);
  }

  /** Checks the consumer exists (recreating it when the server lost it) and starts pulling. */
  private async open(): Promise<ConsumerMessages> {
    const consumer = await this.deps.js.consumers.get(this.stream, this.durable).catch(async (error: unknown) => {
      if (!isMissing(error)) throw error;
      this.deps.log.warn({ consumer: this.durable, stream: this.stream }, 'durable consumer missing on the server; creating it again');
      await this.deps.recreate(this.def, this.durable);
      return this.deps.js.consumers.get(this.stream, this.durable);
    });
    // Abort instead of waiting silently when the consumer is deleted: the supervisor recreates it.
    return consumer.consume({ max_messages: this.deps.concurrency, abort_on_missing_resource: true });
  }

  private adopt(generation: number, messages: ConsumerMessages): void {
    if (generation !== this.generation || this.stopping) {
      void messages.close().catch(() => undefined);
      return;
    }
    this.messages = messages;
    const loop = this.pull(messages)
      .then(() => this.pullFailed(generation, new Error('the pull ended')))
      .catch((error: unknown) => this.pullFailed(generation, error))
      .finally(() => this.loops.delete(loop));
    this.loops.add(loop);
  }

  /** A pull of `generation` could not open or stopped: try again with backoff, unless it was replaced or the bus stops. */
  private pullFailed(generation: number, error: unknown): void {
    if (generation !== this.generation || this.stopping) return;
    this.messages = undefined;
    this.failures += 1;
    const reason = error instanceof Error ? error.message : String(error);
    // While the connection is down, the reconnect calls restart(); retrying now would only time out.
    if (!this.deps.connected()) {
      this.deps.log.warn({ consumer: this.durable, error: reason }, 'consumer stopped pulling; waiting for the NATS connection');
      return;
    }
    const delayMs = retryDelayMs(this.deps.retry, this.failures);
    this.deps.log.warn(
      { consumer: this.durable, error: reason, attempt: this.failures, delayMs },
      'consumer stopped pulling; pulling again',
    );
    this.retryTimer = setTimeout(() => this.reopen(), delayMs);
  }

  private async pull(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      this.failures = 0;
      await this.slots.acquire();
      const sequence = msg.info.streamSequence;
      const running = this.bySequence.get(sequence);
      // settle() maps every handler outcome itself; what still rejects is a failed handler (after its delivery is
      // settled, to mark its span) or the connection (the server redelivers).
      const task = (running ? this.settleAfter(running, msg) : this.settle(msg))
        .catch(() => undefined)
        .finally(() => {
          this.slots.release();
          this.inFlight.delete(task);
          if (this.bySequence.get(sequence) === task) this.bySequence.delete(sequence);
        });
      this.inFlight.add(task);
      this.bySequence.set(sequence, task);
    }
  }

  /**
   * A server that crashed may forget a delivery and deliver the message again while its handler still runs here.
   * The redelivery waits (kept alive) for that run, then runs itself, which an idempotent handler makes quick: one
   * handler at a time per message, as without the crash.
   */
  private async settleAfter(running: Promise<void>, msg: JsMsg): Promise<void> {
    this.deps.log.info(
      { consumer: this.durable, streamSequence: msg.info.streamSequence },
      'message redelivered while still being handled; it waits for that run',
    );
    const heartbeat = this.keepAlive(msg);
    try {
      await running;
    } finally {
      clearInterval(heartbeat);
    }
    await this.settle(msg);
  }

  /** Tells the server the message is being worked on, every third of its ack wait, so it is not redelivered meanwhile. */
  private keepAlive(msg: JsMsg): NodeJS.Timeout {
    const heartbeat = setInterval(
      () => {
        try {
          msg.working();
        } catch {
          // The connection is closing: the handler carries on; unacked, the message is redelivered if need be.
        }
      },
      Math.max(50, Math.floor(this.def.delivery.ackWaitMs / 3)),
    );
    heartbeat.unref();
    return heartbeat;
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
    const heartbeat = this.keepAlive(msg);
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

/** Whether the server says the consumer or its stream does not exist. */
function isMissing(error: unknown): boolean {
  if (!(error instanceof JetStreamApiError)) return false;
  return error.code === JetStreamApiCodes.ConsumerNotFound || error.code === JetStreamApiCodes.StreamNotFound;
}
