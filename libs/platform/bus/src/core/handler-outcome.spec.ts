import { BusError, type DeliveryPolicy } from '@astra/contracts';
import { backoffDelay, decide, runHandler } from './handler-outcome';

const policy: DeliveryPolicy = { maxDeliver: 3, backoffMs: [100, 500], ackWaitMs: 1_000 };
const retryable = new BusError('UNAVAILABLE', 'db down');
const fatal = new BusError('CONFLICT', 'never works');

describe('decide (the outcome switch)', () => {
  it('acks a success', () => {
    expect(decide({ kind: 'success' }, 1, policy)).toEqual({ action: 'ack' });
  });

  it('naks a retryable failure with the backoff of that attempt', () => {
    expect(decide({ kind: 'failed', error: retryable }, 1, policy)).toEqual({ action: 'nak', delayMs: 100 });
    expect(decide({ kind: 'failed', error: retryable }, 2, policy)).toEqual({ action: 'nak', delayMs: 500 });
  });

  it('dead-letters a retryable failure on the last delivery', () => {
    expect(decide({ kind: 'failed', error: retryable }, 3, policy)).toEqual({ action: 'dead_letter', error: retryable });
  });

  it('dead-letters a non-retryable failure and an invalid payload at once', () => {
    expect(decide({ kind: 'failed', error: fatal }, 1, policy)).toEqual({ action: 'dead_letter', error: fatal });
    const invalid = new BusError('VALIDATION_FAILED', 'bad');
    expect(decide({ kind: 'invalid', error: invalid }, 1, policy)).toEqual({ action: 'dead_letter', error: invalid });
  });

  it('repeats the last backoff delay and treats an empty list as no delay', () => {
    expect(backoffDelay({ ...policy, maxDeliver: 9 }, 7)).toBe(500);
    expect(backoffDelay({ ...policy, backoffMs: [] }, 2)).toBe(0);
  });
});

describe('runHandler', () => {
  it('maps an unknown error to a retryable INTERNAL and keeps a BusError', async () => {
    const unknown = await runHandler(async () => {
      throw new TypeError('boom');
    });
    expect(unknown).toMatchObject({ kind: 'failed', error: { code: 'INTERNAL', retryable: true, message: 'boom' } });
    await expect(runHandler(async () => Promise.reject(fatal))).resolves.toEqual({ kind: 'failed', error: fatal });
    await expect(runHandler(async () => 'done')).resolves.toEqual({ kind: 'success' });
  });
});
