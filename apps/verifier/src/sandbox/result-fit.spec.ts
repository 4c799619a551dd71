import type { SandboxResult } from '@astra/contracts';
import { cutToJsonBytes, fitResult } from './result-fit';

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const ok = (fields: Partial<SandboxResult>): SandboxResult => ({ status: 'ok', stdout: '', stderr: '', durationMs: 1, ...fields });

describe('fitResult', () => {
  it('leaves a result that fits as it is', () => {
    const result = ok({ stdout: 'hello\n', value: { a: 1 } });
    expect(fitResult(result, 64 * 1024)).toBe(result);
  });

  it('cuts the output of an ok result to the budget and makes it output_limit, dropping its value', () => {
    const fitted = fitResult(ok({ stdout: 'x'.repeat(200_000), stderr: 'warn\n', value: 'v' }), 64 * 1024);
    expect(bytes(fitted)).toBeLessThanOrEqual(64 * 1024);
    expect(fitted).toMatchObject({ status: 'output_limit', stderr: 'warn\n', error: { type: 'OutputLimit' } });
    expect(fitted.value).toBeUndefined();
    expect(fitted.stdout.length).toBeGreaterThan(50_000);
    expect('x'.repeat(200_000).startsWith(fitted.stdout)).toBe(true);
  });

  it('counts characters that JSON escapes at their escaped size', () => {
    const fitted = fitResult(ok({ stdout: '\u0001'.repeat(50_000) }), 64 * 1024);
    expect(bytes(fitted)).toBeLessThanOrEqual(64 * 1024);
    expect(fitted.stdout.length).toBeGreaterThan(9_000);
  });

  it('keeps the status and error type of a failed run, cutting its message and traceback', () => {
    const failed: SandboxResult = {
      status: 'error',
      stdout: '',
      stderr: 'e'.repeat(300_000),
      durationMs: 1,
      error: { type: 'ValueError', message: 'm'.repeat(300_000), traceback: 't'.repeat(300_000) },
    };
    const fitted = fitResult(failed, 128 * 1024);
    expect(bytes(fitted)).toBeLessThanOrEqual(128 * 1024);
    expect(fitted).toMatchObject({ status: 'error', error: { type: 'ValueError' } });
    expect(fitted.error?.message.length).toBeLessThanOrEqual(16 * 1024);
  });

  it('shares the room between stdout and stderr, a short one leaving the rest to the other', () => {
    const both = fitResult(ok({ stdout: 'o'.repeat(100_000), stderr: 'e'.repeat(100_000) }), 64 * 1024);
    expect(Math.abs(both.stdout.length - both.stderr.length)).toBeLessThan(100);
    const short = fitResult(ok({ stdout: 'o'.repeat(100_000), stderr: 'tiny' }), 64 * 1024);
    expect(short.stderr).toBe('tiny');
  });
});

describe('cutToJsonBytes', () => {
  it('never ends inside a surrogate pair', () => {
    const cut = cutToJsonBytes('\u{1F600}'.repeat(100), 21);
    expect(cut).toBe('\u{1F600}'.repeat(4));
  });
});
