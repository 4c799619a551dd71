import { sampleTask, sampleTrajectory } from './export.fixture';
import { toOpenAiRecord } from './openai-format';

describe('toOpenAiRecord', () => {
  it('writes one user turn with the question, assistant calls with their ids and JSON arguments, and tool messages', () => {
    const record = toOpenAiRecord(sampleTrajectory(), sampleTask());
    expect(record.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'assistant', 'tool', 'assistant']);
    expect(record.messages[0]).toEqual({ role: 'user', content: sampleTask().question });
    expect(record.messages[1]).toEqual({
      role: 'assistant',
      content: null,
      reasoning_content: 'I need flights and the weather; both at once.',
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'search_flights', arguments: '{"from":"PAR","to":"OSL"}' } },
        { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Olso"}' } },
      ],
    });
    expect(record.messages[3]).toEqual({ role: 'tool', tool_call_id: 'call_2', content: 'error: unknown city "Olso"' });
    expect(record.messages[6]).toMatchObject({ role: 'assistant', reasoning_content: 'All facts in hand.' });
    expect(record.tools.map((t) => t.function.name)).toEqual(['search_flights', 'get_weather']);
  });

  it('keeps a system turn only when the trajectory has one, and drops later user turns', () => {
    const plain = sampleTrajectory();
    const withSystem = sampleTrajectory({
      messages: [{ role: 'system', content: 'Be brief.' }, ...plain.messages, { role: 'user', content: 'go on' }],
    });
    expect(toOpenAiRecord(plain, sampleTask()).messages.some((m) => m.role === 'system')).toBe(false);
    const roles = toOpenAiRecord(withSystem, sampleTask()).messages.map((m) => m.role);
    expect(roles.slice(0, 2)).toEqual(['system', 'user']);
    expect(roles.filter((r) => r === 'user')).toHaveLength(1);
  });

  it('leaves reasoning_content off an assistant turn that had none', () => {
    const trajectory = sampleTrajectory({
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'answer' },
      ],
    });
    expect(toOpenAiRecord(trajectory, sampleTask()).messages[1]).toEqual({ role: 'assistant', content: 'answer' });
  });
});
