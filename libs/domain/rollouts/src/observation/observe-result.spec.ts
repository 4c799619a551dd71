import type { SandboxResult } from '@astra/contracts';
import { invalidArgumentsObservation, MAX_OBSERVATION_CHARS, observeResult, unknownToolObservation } from './observe-result';

const base: SandboxResult = { status: 'ok', stdout: '', stderr: '', durationMs: 3 };

describe('observeResult', () => {
  it('an ok value reads as compact JSON and is scored as flattened text', () => {
    const o = observeResult({ ...base, value: { city: 'Paris', population: 2102650 } });
    expect(o).toEqual({
      status: 'ok',
      observation: '{"city":"Paris","population":2102650}',
      resultText: 'city: Paris ; population: 2102650',
    });
  });

  it('an ok run without a value reads as its trimmed output', () => {
    expect(observeResult({ ...base, stdout: '  42\n' })).toEqual({ status: 'ok', observation: '42', resultText: '  42\n' });
  });

  it('a returned {"error"} is an error with its text, and not scored', () => {
    expect(observeResult({ ...base, value: { error: 'unknown country: Atlantis' } })).toEqual({
      status: 'error',
      observation: 'Error: unknown country: Atlantis',
      resultText: '',
    });
  });

  it('a raised error reads as type and message, without the traceback', () => {
    const o = observeResult({
      ...base,
      status: 'error',
      error: { type: 'KeyError', message: "'Atlantis'", traceback: 'Traceback (most recent call last):\n  File x' },
    });
    expect(o).toEqual({ status: 'error', observation: "Error: KeyError: 'Atlantis'", resultText: '' });
  });

  it('limits read as their own statuses', () => {
    expect(observeResult({ ...base, status: 'timeout' })).toEqual({
      status: 'timeout',
      observation: 'Error: the tool did not finish within its time limit',
      resultText: '',
    });
    expect(observeResult({ ...base, status: 'memory' }).observation).toBe('Error: the tool ran out of memory');
    const output = observeResult({ ...base, status: 'output_limit', stdout: 'x'.repeat(100) });
    expect(output.status).toBe('error');
    expect(output.observation).toMatch(/^Error: .*output/);
  });

  it('cuts long observations, saying how much was cut, but scores the whole result', () => {
    const long = 'a'.repeat(MAX_OBSERVATION_CHARS + 500);
    const o = observeResult({ ...base, value: long });
    expect(o.observation.startsWith(`"${'a'.repeat(100)}`)).toBe(true);
    expect(o.observation).toContain('502 characters cut');
    expect(o.observation.length).toBeLessThan(MAX_OBSERVATION_CHARS + 100);
    expect(o.resultText).toBe(long);
  });
});

describe('unknownToolObservation / invalidArgumentsObservation', () => {
  it('name the problem', () => {
    expect(unknownToolObservation('fly_to')).toEqual({
      status: 'unknown-tool',
      observation: 'Error: there is no tool named "fly_to"',
      resultText: '',
    });
    expect(invalidArgumentsObservation('Unexpected token } at 7')).toEqual({
      status: 'invalid-arguments',
      observation: 'Error: the arguments are not a valid JSON object: Unexpected token } at 7',
      resultText: '',
    });
  });
});
