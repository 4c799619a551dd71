import type { JudgedTrajectory, OfferedTool, WireMessage } from '@astra/contracts';

/** A weather tool with a required city and an enum unit (test fixture). */
export const WEATHER_TOOL: OfferedTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather of a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] }, days: { type: 'integer' } },
      required: ['city'],
    },
  },
};

/** One assistant turn that calls a tool (test fixture). */
export function callTurn(id: string, name: string, args: string | Record<string, unknown>): WireMessage {
  const text = typeof args === 'string' ? args : JSON.stringify(args);
  return { role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name, arguments: text } }] };
}

/** A tool message answering a call (test fixture). */
export function toolResult(id: string, content: string): WireMessage {
  return { role: 'tool', content, tool_call_id: id };
}

/** A good trajectory: one call, its result, and an answer that uses it (test fixture). */
export function goodTrajectory(overrides: Partial<JudgedTrajectory> = {}): JudgedTrajectory {
  return {
    question: 'How warm is it in Lyon right now?',
    tools: [WEATHER_TOOL],
    messages: [
      { role: 'user', content: 'How warm is it in Lyon right now?' },
      callTurn('c1', 'get_weather', { city: 'Lyon', unit: 'c' }),
      toolResult('c1', JSON.stringify({ city: 'Lyon', temperature: 21.5, conditions: 'sunny' })),
      { role: 'assistant', content: 'It is 21.5 °C and sunny in Lyon.' },
    ],
    ...overrides,
  };
}
