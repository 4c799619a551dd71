import { AsyncLocalStorage } from 'node:async_hooks';
import { runContext } from '@astra/platform/logging';
import type { MessageContext } from '../bus.types';

const scope = new AsyncLocalStorage<MessageContext>();

/**
 * Runs `work` as the handling of the message described by `ctx`: publishes inside it inherit run and causation, and
 * log lines written inside it carry the run id.
 */
export function runInMessageScope<T>(ctx: MessageContext, work: () => Promise<T>): Promise<T> {
  return runContext.run(ctx.runId, () => scope.run(ctx, work));
}

/** The message being handled by the current async call chain, if any. */
export function currentMessage(): MessageContext | undefined {
  return scope.getStore();
}
