import { NoRespondersError, RequestError, TimeoutError } from '@nats-io/nats-core';
import { BusError } from '@astra/contracts';

/** Maps a failed core request to a BusError: TIMEOUT, NO_RESPONDERS or UNAVAILABLE. */
export function requestFailure(error: unknown, key: string, timeoutMs: number): BusError {
  if (isNoResponders(error)) return new BusError('NO_RESPONDERS', `no service answers "${key}"`, { cause: error });
  if (error instanceof TimeoutError || (error instanceof Error && error.cause instanceof TimeoutError)) {
    return new BusError('TIMEOUT', `"${key}" got no answer within ${timeoutMs} ms`, { cause: error });
  }
  return new BusError('UNAVAILABLE', `request "${key}" failed: ${String(error)}`, { cause: error });
}

function isNoResponders(error: unknown): boolean {
  if (error instanceof NoRespondersError) return true;
  if (error instanceof RequestError && error.isNoResponders()) return true;
  return error instanceof Error && error.cause instanceof NoRespondersError;
}
