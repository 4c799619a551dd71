import type { AnyRegistry, AsyncKeyOf, Registry, RpcKeyOf } from '@astra/contracts';
import type { HandlerFor } from '../core/handler-table';

/** Metadata key under which @HandleMessage stores the message key on a method. */
export const HANDLE_MESSAGE = Symbol.for('astra.bus.handle-message');

type KeyOf<R extends AnyRegistry> = AsyncKeyOf<R> | RpcKeyOf<R>;

/** A method decorator checked against the handler type of the key. */
export type HandlerDecorator<R extends AnyRegistry, K extends KeyOf<R>> = (
  target: object,
  property: string | symbol,
  // Only `value` is checked, so a method with wider parameters (or fewer of them) still fits.
  descriptor: { value?: HandlerFor<R, K> },
) => void;

/** Returns a @HandleMessage decorator typed by a registry (tests use it with registries of their own). */
export function handleMessageFor<R extends AnyRegistry>() {
  return <K extends KeyOf<R>>(key: K): HandlerDecorator<R, K> =>
    (_target, _property, descriptor) => {
      if (typeof descriptor.value !== 'function') throw new Error(`@HandleMessage("${key}") must decorate a method`);
      Reflect.defineMetadata(HANDLE_MESSAGE, key, descriptor.value);
    };
}

/** Marks a provider method `(payload, ctx) => Promise<...>` as the handler of a registry key. */
export const HandleMessage = handleMessageFor<Registry>();
