import { headers as natsHeaders, type Msg, type NatsConnection, type Subscription } from '@nats-io/nats-core';
import { BusError, type Envelope, type RpcMessageDefinition, type ServiceName } from '@astra/contracts';
import type { BusNaming } from '../core/bus-naming';
import { runInMessageScope } from '../core/handler-scope';
import type { AnyHandler } from '../core/handler-table';
import { messageContext, parseWith } from '../core/message-envelope';
import type { BusTelemetry, SpanTarget } from '../telemetry/bus-telemetry';
import { headerCarrier, readEnvelope, writeError } from './wire-headers';

/** Answers RPCs on core NATS; replicas of a service share a queue group named after it. */
export class RpcResponder {
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly naming: BusNaming,
    private readonly telemetry: BusTelemetry,
    private readonly service: ServiceName,
  ) {}

  bind(def: RpcMessageDefinition, handler: AnyHandler): void {
    const target = { subject: def.subject, wireSubject: this.naming.subject(def.subject) };
    const sub = this.nc.subscribe(target.wireSubject, {
      queue: this.service,
      callback: (error, msg) => {
        if (error) return;
        // A reply that cannot be sent (connection gone) leaves the caller to time out.
        const task = this.answer(def, target, handler, msg)
          .catch(() => undefined)
          .finally(() => this.inFlight.delete(task));
        this.inFlight.add(task);
      },
    });
    this.subscriptions.push(sub);
  }

  /** Stops taking requests and waits for the answers under way. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.subscriptions.map((sub) => sub.drain()));
    await Promise.allSettled([...this.inFlight]);
  }

  private async answer(def: RpcMessageDefinition, target: SpanTarget, handler: AnyHandler, msg: Msg): Promise<void> {
    const started = performance.now();
    let envelope: Envelope;
    try {
      envelope = readEnvelope(msg.headers);
    } catch (error) {
      this.refuse(msg, def.key, BusError.from(error), started);
      return;
    }
    const ctx = messageContext(envelope, 1, 1);
    // The consumer span and the run context cover the handler, the reply and the log line.
    await this.telemetry.process(target, envelope, headerCarrier(msg.headers), () =>
      runInMessageScope(ctx, async () => {
        try {
          const payload = parseWith(def.payload, msg.json(), `payload of ${def.key}`);
          const response = parseWith(def.response, await handler(payload, ctx), `response of ${def.key}`);
          msg.respond(JSON.stringify(response) ?? 'null');
          this.telemetry.recordHandled({ key: def.key, outcome: 'rpc_ok', durationMs: performance.now() - started, envelope });
        } catch (error) {
          this.refuse(msg, def.key, BusError.from(error), started, envelope);
          // Marks the consumer span failed; the caller already has its error.
          throw error;
        }
      }),
    );
  }

  private refuse(msg: Msg, key: string, error: BusError, started: number, envelope?: Envelope): void {
    const h = natsHeaders();
    writeError(h, error);
    msg.respond('', { headers: h });
    this.telemetry.recordHandled({ key, outcome: 'rpc_error', durationMs: performance.now() - started, envelope, error });
  }
}
