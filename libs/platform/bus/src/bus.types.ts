import type { AnyRegistry, AsyncKeyOf, PayloadInputOf, PayloadOf, Registry, ResponseOf, RpcKeyOf, ServiceName } from '@astra/contracts';

export interface PublishOptions {
  /** Envelope id and JetStream message id; a second publish with the same id is dropped. Defaults to a new UUID. */
  id?: string;
  /** Run the message belongs to; defaults to the run of the message being handled, else a new id. */
  runId?: string;
  /** Id of the message that caused this one; defaults to the message being handled. */
  causationId?: string;
}

export interface RequestOptions {
  /** Overrides the registry's timeout. */
  timeoutMs?: number;
  runId?: string;
}

/**
 * Where the bus writes one line per handled message (debug), per failure (warn, error) and per change of its NATS
 * connection (warn when lost, info when back); a pino Logger fits.
 */
export interface BusLog {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** A BusLog that drops every line (a bus built without `log`). */
export const SILENT_BUS_LOG: BusLog = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** What a handler learns about the message it handles. */
export interface MessageContext {
  readonly id: string;
  readonly runId: string;
  readonly causationId?: string;
  readonly producer: ServiceName;
  readonly time: string;
  readonly key: string;
  /** 1 on first delivery; RPC calls are always 1. */
  readonly deliveryCount: number;
  /** True when this is the last delivery before the message is dead-lettered. */
  readonly lastDelivery: boolean;
}

export type AsyncHandler<R extends AnyRegistry, K extends AsyncKeyOf<R>> = (payload: PayloadOf<R, K>, ctx: MessageContext) => Promise<void>;

export type RpcHandler<R extends AnyRegistry, K extends RpcKeyOf<R>> = (
  payload: PayloadOf<R, K>,
  ctx: MessageContext,
) => Promise<ResponseOf<R, K>>;

/** Publishes and requests typed by registry key. Implemented over NATS and in memory. */
export abstract class MessageBus<R extends AnyRegistry = Registry> {
  /** Publishes an event or command durably on JetStream; resolves once the server has stored it. */
  abstract publish<K extends AsyncKeyOf<R>>(
    key: K,
    payload: PayloadInputOf<R, K>,
    options?: PublishOptions,
  ): Promise<{ id: string; duplicate: boolean }>;

  /** Calls an RPC and resolves with its parsed response, or rejects with a BusError. */
  abstract request<K extends RpcKeyOf<R>>(key: K, payload: PayloadInputOf<R, K>, options?: RequestOptions): Promise<ResponseOf<R, K>>;

  /** Whether the bus can publish and consume right now (a readiness probe reads it). */
  isReady(): boolean {
    return true;
  }

  /** Why the bus is not ready, for /readyz; undefined when it is ready. */
  notReadyReason(): string | undefined {
    return this.isReady() ? undefined : 'the bus is not ready';
  }
}
