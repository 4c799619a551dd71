import { InputFileError } from '../inputs/input-issues';
import { environmentJsonLine, readEnvironmentJsonl, toEnvironmentJsonl } from './environment-jsonl';
import { sampleEnvironment } from './sample-environment.fixture';

describe('environment JSONL', () => {
  const one = sampleEnvironment();
  const two = sampleEnvironment({ id: 'b'.repeat(64), domain: 'Chemistry' });

  it('writes one record per line with its split, and reads them back unchanged', () => {
    const text = toEnvironmentJsonl([{ ...one, split: 'train' }, two]);
    expect(text.split('\n')).toHaveLength(3);
    expect(text.endsWith('\n')).toBe(true);
    expect(readEnvironmentJsonl(text)).toEqual([{ ...one, split: 'train' }, two]);
    expect(JSON.parse(environmentJsonLine(two, 'held-out'))).toMatchObject({ id: two.id, split: 'held-out' });
    expect(JSON.parse(environmentJsonLine(two))).not.toHaveProperty('split');
  });

  it('tolerates a BOM, CRLF and blank lines', () => {
    const text = `\uFEFF${environmentJsonLine(one)}\r\n\r\n${environmentJsonLine(two)}\r\n`;
    expect(readEnvironmentJsonl(text).map((r) => r.domain)).toEqual(['Geography', 'Chemistry']);
  });

  it('names each bad line: not JSON, not a record, a repeated id', () => {
    const bad = JSON.stringify({ ...one, id: 'c'.repeat(64), prompt: '', split: 'dev' });
    const text = [environmentJsonLine(one), '{oops', bad, environmentJsonLine(one)].join('\n');
    let caught: unknown;
    try {
      readEnvironmentJsonl(text, 'envs.jsonl');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputFileError);
    const issues = (caught as InputFileError).issues;
    expect(issues.map((i) => i.line)).toEqual([2, 3, 4]);
    expect(issues[1]?.message).toMatch(/^not an environment record: prompt: .*; split: /);
    expect(issues[2]?.message).toBe(`environment ${one.id} already appears on line 1`);
    expect((caught as Error).message).toContain('3 problem(s) in environment records');
  });
});
