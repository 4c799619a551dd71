import { UsageError } from '../cli-context';
import { sandboxExitCode, sandboxLanguageOf } from './sandbox.command';

const result = (status: 'ok' | 'error' | 'timeout' | 'memory' | 'output_limit', error?: { type: string; message: string }) => ({
  status,
  stdout: '',
  stderr: '',
  durationMs: 1,
  error,
});

describe('astra sandbox run', () => {
  it('takes the language from the file extension unless one is given', () => {
    expect(sandboxLanguageOf('tool.py')).toBe('python');
    expect(sandboxLanguageOf('dir/tool.MJS')).toBe('javascript');
    expect(sandboxLanguageOf('tool.txt', 'python')).toBe('python');
    expect(() => sandboxLanguageOf('tool.rb')).toThrow(UsageError);
  });

  it('exits with a code that follows the result', () => {
    expect(sandboxExitCode(result('ok'))).toBe(0);
    expect(sandboxExitCode(result('error', { type: 'ValueError', message: 'x' }))).toBe(1);
    expect(sandboxExitCode(result('error', { type: 'SystemExit', message: '3' }))).toBe(3);
    expect(sandboxExitCode(result('timeout'))).toBe(124);
    expect(sandboxExitCode(result('memory'))).toBe(137);
    expect(sandboxExitCode(result('output_limit'))).toBe(1);
  });
});
