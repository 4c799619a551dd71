import {
  BusError,
  consumedBy,
  type AnyRegistry,
  type AsyncKeyOf,
  type MessageDefinition,
  type RpcKeyOf,
  type ServiceName,
} from '@astra/contracts';
import type { AsyncHandler, MessageContext, RpcHandler } from '../bus.types';

/** The handler type for a registry key: RPC handlers return the response, async handlers return nothing. */
export type HandlerFor<R extends AnyRegistry, K extends string> =
  K extends RpcKeyOf<R> ? RpcHandler<R, K> : K extends AsyncKeyOf<R> ? AsyncHandler<R, K> : never;

/** A handler with its types erased, as the bus stores it. */
export type AnyHandler = (payload: unknown, ctx: MessageContext) => Promise<unknown>;

/** What a Nest module (or a test) needs from a bus to bind handlers and run it. */
export interface BusRuntime {
  readonly service: ServiceName;
  readonly registry: AnyRegistry;
  /** Binds a handler to a key; allowed only before start(). */
  registerAny(key: string, handler: AnyHandler): void;
  /** Checks the handlers against the registry, then begins consuming. */
  start(): Promise<void>;
  /** Stops consuming, waits for in-flight handlers, then closes. */
  close(): Promise<void>;
}

/** Handlers by key, checked against the registry before a bus starts. */
export class HandlerTable {
  private readonly handlers = new Map<string, AnyHandler>();

  constructor(
    private readonly registry: AnyRegistry,
    private readonly service: ServiceName,
  ) {}

  add(key: string, handler: AnyHandler): void {
    if (this.handlers.has(key)) throw new Error(`service "${this.service}" has two handlers for "${key}"`);
    this.handlers.set(key, handler);
  }

  get(key: string): AnyHandler | undefined {
    return this.handlers.get(key);
  }

  keys(): string[] {
    return [...this.handlers.keys()];
  }

  /** Definitions this service consumes, each with its handler. Throws, listing the keys, on any disagreement. */
  bound(): Array<{ def: MessageDefinition; handler: AnyHandler }> {
    assertHandlersMatch(this.registry, this.service, this.keys());
    return consumedBy(this.registry, this.service).map((key) => ({
      def: this.registry[key] as MessageDefinition,
      handler: this.handlers.get(key) as AnyHandler,
    }));
  }
}

/** Throws when the registry and a service's handlers disagree, naming every key concerned. */
export function assertHandlersMatch(registry: AnyRegistry, service: ServiceName, handled: readonly string[]): void {
  const expected = new Set(consumedBy(registry, service));
  const present = new Set(handled);
  const missing = [...expected].filter((key) => !present.has(key)).sort();
  const unexpected = [...present].filter((key) => !expected.has(key)).sort();
  if (missing.length === 0 && unexpected.length === 0) return;
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`no handler for consumed keys: ${missing.join(', ')}`);
  if (unexpected.length > 0) parts.push(`handlers for keys it does not consume: ${unexpected.join(', ')}`);
  throw new Error(`service "${service}" disagrees with the message registry: ${parts.join('; ')}`);
}

/** Looks a key up, failing with a BusError for keys the registry does not know. */
export function definitionOf(registry: AnyRegistry, key: string): MessageDefinition {
  const def = registry[key];
  if (!def) throw new BusError('VALIDATION_FAILED', `unknown message key "${key}"`);
  return def;
}
