import { BusError } from '@astra/contracts';
import { QueryFailedError } from 'typeorm';
import { jobFault } from './job-fault';

const driverError = (code: string) => Object.assign(new Error(`driver says ${code}`), { code });

describe('jobFault', () => {
  it('keeps a BusError as it is', () => {
    const error = new BusError('NOT_FOUND', 'no server');
    expect(jobFault(error)).toBe(error);
  });

  it('makes a value the database refuses final and a lost connection retryable', () => {
    expect(jobFault(new QueryFailedError('INSERT', [], driverError('22001')))).toMatchObject({
      code: 'VALIDATION_FAILED',
      retryable: false,
    });
    expect(jobFault(new QueryFailedError('INSERT', [], driverError('ECONNREFUSED')))).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
    });
  });

  it('makes a stack overflow final: the same input overflows again on every delivery', () => {
    expect(jobFault(new RangeError('Maximum call stack size exceeded'))).toMatchObject({
      code: 'VALIDATION_FAILED',
      retryable: false,
      message: expect.stringContaining('nested too deeply'),
    });
  });

  it('leaves anything else INTERNAL, retried until the last delivery', () => {
    expect(jobFault(new TypeError('x is undefined'))).toMatchObject({ code: 'INTERNAL', retryable: true });
  });
});
