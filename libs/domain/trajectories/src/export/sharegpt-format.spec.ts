import { sampleTask, sampleTrajectory } from './export.fixture';
import { toShareGptRecord } from './sharegpt-format';

describe('toShareGptRecord', () => {
  const record = toShareGptRecord(sampleTrajectory(), sampleTask());

  it('alternates human/observation with gpt/function_call as LLaMA-Factory requires', () => {
    expect(record.conversations.map((t) => t.from)).toEqual([
      'human',
      'function_call',
      'observation',
      'function_call',
      'observation',
      'gpt',
    ]);
    record.conversations.forEach((turn, i) => {
      expect(i % 2 === 0 ? ['human', 'observation'] : ['gpt', 'function_call']).toContain(turn.from);
    });
  });

  it('writes parallel calls as one JSON list after the think block, and their results as one list in call order', () => {
    const [, calls, results] = record.conversations;
    const value = calls?.value ?? '';
    expect(value.startsWith('<think>\nI need flights and the weather; both at once.\n</think>\n\n')).toBe(true);
    expect(JSON.parse(value.slice(value.indexOf('</think>') + '</think>'.length))).toEqual([
      { name: 'search_flights', arguments: { from: 'PAR', to: 'OSL' } },
      { name: 'get_weather', arguments: { city: 'Olso' } },
    ]);
    expect(JSON.parse(results?.value ?? '')).toEqual(['[{"flight":"SK830","departs":"08:10"}]', 'error: unknown city "Olso"']);
  });

  it('puts the text written beside a call into the think block, and keeps the single result as plain text', () => {
    expect(record.conversations[3]?.value).toBe(
      '<think>\nTypo in the city.\n\nThe city name was misspelt; retrying.\n</think>\n\n{"name":"get_weather","arguments":{"city":"Oslo"}}',
    );
    expect(record.conversations[4]?.value).toBe('{"temp":9,"sky":"rain"}');
    expect(record.conversations[5]?.value).toBe(
      '<think>\nAll facts in hand.\n</think>\n\nFlight SK830 leaves at 08:10; Oslo: 9°C and rain.',
    );
  });

  it('writes the tools as a JSON string of schemas and the system prompt only when there is one', () => {
    expect(JSON.parse(record.tools)).toEqual([
      { name: 'search_flights', description: 'Search flights', parameters: sampleTrajectory().tools[0]?.function.parameters },
      { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
    ]);
    expect(record.system).toBeUndefined();
    const messages = [{ role: 'system' as const, content: 'Be brief.' }, ...sampleTrajectory().messages];
    expect(toShareGptRecord(sampleTrajectory({ messages }), sampleTask()).system).toBe('Be brief.');
  });
});
