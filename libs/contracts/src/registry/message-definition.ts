import { z } from 'zod';

/** Every deployable that produces or consumes messages. */
export const SERVICE_NAMES = [
  'graph-miner',
  'trajectory-synth',
  'env-compiler',
  'verifier',
  'rollout-broker',
  'trainer-gateway',
  // new-service:service-names — npm run new-service -- <name> --declare adds lines above this one
  'cli',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** event: a fact, fan-out; command: work for one consumer group; rpc: core request/reply. */
export type MessageKind = 'event' | 'command' | 'rpc';

/** Delivery policy of a durable JetStream consumer. */
export interface DeliveryPolicy {
  /** Deliveries before the message is dead-lettered and terminated. */
  readonly maxDeliver: number;
  /** Nak delays, in ms, by delivery attempt (the last one repeats). */
  readonly backoffMs: readonly number[];
  /** How long a handler may hold a message before it is redelivered. */
  readonly ackWaitMs: number;
}

export const DEFAULT_DELIVERY: DeliveryPolicy = { maxDeliver: 5, backoffMs: [200, 1000, 5000, 15000], ackWaitMs: 60_000 };

interface BaseDefinition<K extends string, P extends z.ZodType> {
  readonly key: K;
  readonly subject: string;
  readonly producers: readonly ServiceName[];
  readonly consumers: readonly ServiceName[];
  readonly payload: P;
  readonly description: string;
}

export interface AsyncMessageDefinition<K extends string = string, P extends z.ZodType = z.ZodType> extends BaseDefinition<K, P> {
  readonly kind: 'event' | 'command';
  readonly stream: string;
  readonly delivery: DeliveryPolicy;
}

export interface RpcMessageDefinition<
  K extends string = string,
  P extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> extends BaseDefinition<K, P> {
  readonly kind: 'rpc';
  readonly response: R;
  /** Default time a caller waits for the reply. */
  readonly timeoutMs: number;
}

export type MessageDefinition = AsyncMessageDefinition | RpcMessageDefinition;

const SUBJECT = /^astra\.(event|command|rpc)\.[a-z0-9-]+\.[a-z0-9-]+\.[a-z0-9-]+\.v[1-9][0-9]*$/;

function checkSubject(kind: MessageKind, subject: string): void {
  const match = SUBJECT.exec(subject);
  if (!match || match[1] !== kind) {
    throw new Error(`subject "${subject}" must read astra.${kind}.<domain>.<entity>.<verb>.v<N>`);
  }
}

type AsyncInput<K extends string, P extends z.ZodType> = Omit<AsyncMessageDefinition<K, P>, 'kind' | 'delivery'> & {
  delivery?: Partial<DeliveryPolicy>;
};

/** Declares a fact that any number of services may react to. */
export function defineEvent<K extends string, P extends z.ZodType>(def: AsyncInput<K, P>): AsyncMessageDefinition<K, P> {
  checkSubject('event', def.subject);
  return { ...def, kind: 'event', delivery: { ...DEFAULT_DELIVERY, ...def.delivery } };
}

/** Declares work that exactly one consumer group performs. */
export function defineCommand<K extends string, P extends z.ZodType>(def: AsyncInput<K, P>): AsyncMessageDefinition<K, P> {
  checkSubject('command', def.subject);
  return { ...def, kind: 'command', delivery: { ...DEFAULT_DELIVERY, ...def.delivery } };
}

/** Declares a request/reply exchange over core NATS. */
export function defineRpc<K extends string, P extends z.ZodType, R extends z.ZodType>(
  def: Omit<RpcMessageDefinition<K, P, R>, 'kind' | 'timeoutMs'> & { timeoutMs?: number },
): RpcMessageDefinition<K, P, R> {
  checkSubject('rpc', def.subject);
  return { ...def, kind: 'rpc', timeoutMs: def.timeoutMs ?? 10_000 };
}
