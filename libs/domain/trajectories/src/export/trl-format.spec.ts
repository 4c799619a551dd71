import { sampleTask, sampleTrajectory } from './export.fixture';
import { toTrlRecord } from './trl-format';

describe('toTrlRecord', () => {
  it('writes arguments as objects, names the tool on tool messages, and keeps reasoning', () => {
    const record = toTrlRecord(sampleTrajectory(), sampleTask());
    expect(record.messages[1]).toEqual({
      role: 'assistant',
      content: '',
      reasoning_content: 'I need flights and the weather; both at once.',
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'search_flights', arguments: { from: 'PAR', to: 'OSL' } } },
        { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: { city: 'Olso' } } },
      ],
    });
    expect(record.messages[3]).toEqual({
      role: 'tool',
      name: 'get_weather',
      tool_call_id: 'call_2',
      content: 'error: unknown city "Olso"',
    });
    expect(record.tools[1]).toEqual({
      type: 'function',
      function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
    });
  });

  it('keeps argument text that is not a JSON object as text', () => {
    const trajectory = sampleTrajectory({
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'x', type: 'function', function: { name: 'get_weather', arguments: 'Oslo' } }],
        },
        { role: 'tool', tool_call_id: 'x', content: 'invalid arguments' },
      ],
    });
    expect(toTrlRecord(trajectory, sampleTask()).messages[1]).toMatchObject({
      tool_calls: [{ function: { name: 'get_weather', arguments: 'Oslo' } }],
    });
  });
});
