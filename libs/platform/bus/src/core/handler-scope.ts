import { AsyncLocalStorage } from 'node:async_hooks';
import type { MessageContext } from '../bus.types';

const scope = new AsyncLocalStorage<MessageContext>();

/** Runs `work` as the handling of the message described by `ctx`, so publishes inside it inherit run and causation. */
export function runInMessageScope<T>(ctx: MessageContext, work: () => Promise<T>): Promise<T> {
  return scope.run(ctx, work);
}

/** The message being handled by the current async call chain, if any. */
export function currentMessage(): MessageContext | undefined {
  return scope.getStore();
}
