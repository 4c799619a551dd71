import {
  BusError,
  REGISTRY,
  validateRegistry,
  type AnyRegistry,
  type AsyncKeyOf,
  type AsyncMessageDefinition,
  type Envelope,
  type PayloadInputOf,
  type Registry,
  type ResponseOf,
  type RpcKeyOf,
  type ServiceName,
} from '@astra/contracts';
import { MessageBus, type PublishOptions, type RequestOptions } from '../bus.types';
import { runInMessageScope } from '../core/handler-scope';
import { decide, runHandler } from '../core/handler-outcome';
import { definitionOf, HandlerTable, type AnyHandler, type BusRuntime, type HandlerFor } from '../core/handler-table';
import { messageContext, newEnvelope, parseWith } from '../core/message-envelope';

/** A message the in-memory bus stored. */
export interface PublishedMessage {
  readonly key: string;
  readonly subject: string;
  readonly payload: unknown;
  readonly envelope: Envelope;
}

/** A message that failed for good, as the in-memory bus keeps it. */
export interface DeadLetter extends PublishedMessage {
  readonly code: string;
  readonly message: string;
  readonly deliveryCount: number;
}

/** One delivery attempt and what the outcome switch made of it. */
export interface DeliveryRecord {
  readonly key: string;
  readonly id: string;
  readonly deliveryCount: number;
  readonly action: 'ack' | 'nak' | 'dead_letter';
  readonly delayMs?: number;
}

/** MessageBus in memory for unit tests: validates payloads, simulates retries (no waiting), keeps dead letters. */
export class InMemoryBus<R extends AnyRegistry = Registry> extends MessageBus<R> implements BusRuntime {
  readonly service: ServiceName;
  readonly registry: R;
  readonly published: PublishedMessage[] = [];
  readonly deadLetters: DeadLetter[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  private readonly table: HandlerTable;
  private readonly ids = new Set<string>();
  private readonly pending = new Set<Promise<void>>();
  private started = false;
  private closed = false;

  constructor(options: { service: ServiceName; registry?: R }) {
    super();
    this.service = options.service;
    this.registry = options.registry ?? (REGISTRY as unknown as R);
    validateRegistry(this.registry);
    this.table = new HandlerTable(this.registry, this.service);
  }

  /** Binds a typed handler; messages published for its key are delivered to it. */
  register<K extends AsyncKeyOf<R> | RpcKeyOf<R>>(key: K, handler: HandlerFor<R, K>): this {
    this.registerAny(key, handler as unknown as AnyHandler);
    return this;
  }

  registerAny(key: string, handler: AnyHandler): void {
    definitionOf(this.registry, key);
    this.table.add(key, handler);
  }

  /** Checks the handlers against the registry, as the NATS bus does at start-up. */
  async start(): Promise<void> {
    this.table.bound();
    this.started = true;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  override isReady(): boolean {
    return !this.closed;
  }

  /** Resolves once every delivery under way (retries included) has settled. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Published payloads of one key, for assertions. */
  payloadsOf<K extends AsyncKeyOf<R>>(key: K): Array<PayloadInputOf<R, K>> {
    return this.published.filter((m) => m.key === key).map((m) => m.payload as PayloadInputOf<R, K>);
  }

  override async publish<K extends AsyncKeyOf<R>>(
    key: K,
    input: PayloadInputOf<R, K>,
    options?: PublishOptions,
  ): Promise<{ id: string; duplicate: boolean }> {
    if (this.closed) throw new BusError('UNAVAILABLE', 'the bus is closed');
    const def = definitionOf(this.registry, key);
    if (def.kind === 'rpc') throw new BusError('VALIDATION_FAILED', `"${key}" is an RPC: use request()`);
    const payload = parseWith(def.payload, input, `payload of ${key}`);
    const envelope = newEnvelope(def, this.service, options);
    if (this.ids.has(envelope.id)) return { id: envelope.id, duplicate: true };
    this.ids.add(envelope.id);
    const message = { key, subject: def.subject, payload, envelope };
    this.published.push(message);
    const handler = this.table.get(key);
    if (handler) this.track(this.deliver(def, handler, message));
    return { id: envelope.id, duplicate: false };
  }

  override async request<K extends RpcKeyOf<R>>(
    key: K,
    input: PayloadInputOf<R, K>,
    options: RequestOptions = {},
  ): Promise<ResponseOf<R, K>> {
    const def = definitionOf(this.registry, key);
    if (def.kind !== 'rpc') throw new BusError('VALIDATION_FAILED', `"${key}" is not an RPC: use publish()`);
    const payload = parseWith(def.payload, input, `payload of ${key}`);
    const handler = this.table.get(key);
    if (!handler) throw new BusError('NO_RESPONDERS', `no service answers "${key}"`);
    const envelope = newEnvelope(def, this.service, options.runId ? { runId: options.runId } : {});
    const ctx = messageContext(envelope, 1, 1);
    const timeoutMs = options.timeoutMs ?? def.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BusError('TIMEOUT', `"${key}" got no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const result = await Promise.race([runInMessageScope(ctx, () => handler(payload, ctx)), timeout]).catch((error: unknown) => {
        throw BusError.from(error);
      });
      return parseWith(def.response, result, `response of ${key}`) as ResponseOf<R, K>;
    } finally {
      clearTimeout(timer);
    }
  }

  private track(task: Promise<void>): void {
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  private async deliver(def: AsyncMessageDefinition, handler: AnyHandler, message: PublishedMessage): Promise<void> {
    // Deliver after the publisher's current turn, as a real broker would.
    await Promise.resolve();
    for (let deliveryCount = 1; ; deliveryCount++) {
      const ctx = messageContext(message.envelope, deliveryCount, def.delivery.maxDeliver);
      const outcome = await runHandler(() => runInMessageScope(ctx, () => handler(message.payload, ctx)));
      const disposition = decide(outcome, deliveryCount, def.delivery);
      const record = { key: message.key, id: message.envelope.id, deliveryCount };
      switch (disposition.action) {
        case 'ack':
          this.deliveries.push({ ...record, action: 'ack' });
          return;
        case 'nak':
          this.deliveries.push({ ...record, action: 'nak', delayMs: disposition.delayMs });
          continue;
        case 'dead_letter': {
          this.deliveries.push({ ...record, action: 'dead_letter' });
          const { code, message: text } = disposition.error;
          this.deadLetters.push({ ...message, code, message: text, deliveryCount });
          return;
        }
      }
    }
  }
}
