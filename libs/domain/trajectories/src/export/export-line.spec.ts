import { SftFormatSchema } from '@astra/contracts';
import { sampleTask, sampleTrajectory } from './export.fixture';
import { exportLine, toSftRecord } from './export-line';

describe('exportLine', () => {
  it.each(SftFormatSchema.options)('writes %s as one line of valid JSON that round-trips to the record', (format) => {
    const line = exportLine(format, sampleTrajectory(), sampleTask());
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(toSftRecord(format, sampleTrajectory(), sampleTask()));
  });

  it('keeps newlines and quotes of tool results intact through the line', () => {
    const trajectory = sampleTrajectory();
    const messages = trajectory.messages.map((m) => (m.role === 'tool' ? { ...m, content: 'line 1\nline "2"\t\u2028' } : m));
    const parsed = JSON.parse(exportLine('openai', { ...trajectory, messages }, sampleTask())) as { messages: Array<{ content: unknown }> };
    expect(parsed.messages[2]?.content).toBe('line 1\nline "2"\t\u2028');
  });

  it('refuses a trajectory paired with another task', () => {
    expect(() => exportLine('openai', sampleTrajectory(), sampleTask({ id: 'd'.repeat(64) }))).toThrow(/belongs to task/);
  });
});
