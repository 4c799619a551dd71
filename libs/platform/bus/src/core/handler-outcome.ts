import { BusError, type DeliveryPolicy } from '@astra/contracts';

/** What came of running a handler on one delivery. */
export type HandlerOutcome =
  | { readonly kind: 'success' }
  | { readonly kind: 'failed'; readonly error: BusError }
  | { readonly kind: 'invalid'; readonly error: BusError };

/** What the bus does with the delivery. */
export type Disposition =
  | { readonly action: 'ack' }
  | { readonly action: 'nak'; readonly delayMs: number }
  | { readonly action: 'dead_letter'; readonly error: BusError };

/** The nak delay for a failed attempt (1-based); the last configured delay repeats. */
export function backoffDelay(policy: DeliveryPolicy, deliveryCount: number): number {
  const delays = policy.backoffMs;
  if (delays.length === 0) return 0;
  const index = Math.min(Math.max(deliveryCount, 1), delays.length) - 1;
  return delays[index] ?? 0;
}

/** The one place that maps handler outcomes to ack, nak with backoff, or dead letter (then term). */
export function decide(outcome: HandlerOutcome, deliveryCount: number, policy: DeliveryPolicy): Disposition {
  switch (outcome.kind) {
    case 'success':
      return { action: 'ack' };
    case 'invalid':
      return { action: 'dead_letter', error: outcome.error };
    case 'failed':
      if (!outcome.error.retryable || deliveryCount >= policy.maxDeliver) {
        return { action: 'dead_letter', error: outcome.error };
      }
      return { action: 'nak', delayMs: backoffDelay(policy, deliveryCount) };
    default:
      return assertNever(outcome);
  }
}

/** Turns a handler's settled promise into an outcome: anything thrown that is not a BusError is INTERNAL. */
export async function runHandler(work: () => Promise<unknown>): Promise<HandlerOutcome> {
  try {
    await work();
    return { kind: 'success' };
  } catch (error) {
    return { kind: 'failed', error: BusError.from(error) };
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled outcome ${JSON.stringify(value)}`);
}
