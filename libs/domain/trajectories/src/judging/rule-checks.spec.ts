import type { JudgedTrajectory } from '@astra/contracts';
import { callTurn, goodTrajectory, toolResult } from './judging.fixture';
import { checkAnswerGrounded, checkArgumentsMatchSchema, checkResultsUsed, checkToolsExist, runRuleChecks } from './rule-checks';

const USER = { role: 'user' as const, content: 'How warm is it in Lyon?' };

function withMessages(messages: JudgedTrajectory['messages']): JudgedTrajectory {
  return goodTrajectory({ messages });
}

describe('rule checks', () => {
  it('passes a good trajectory on every rule', () => {
    const checks = runRuleChecks(goodTrajectory());
    expect(checks.map((c) => [c.rule, c.passed])).toEqual([
      ['tools-exist', true],
      ['arguments-match-schema', true],
      ['results-used', true],
      ['answer-grounded', true],
    ]);
  });

  it('tools-exist fails on a call to a tool that was not offered', () => {
    const t = withMessages([
      USER,
      callTurn('c1', 'get_forecast', { city: 'Lyon' }),
      toolResult('c1', '21'),
      { role: 'assistant', content: '21' },
    ]);
    const check = checkToolsExist(t);
    expect(check).toMatchObject({ passed: false });
    expect(check.detail).toContain('"get_forecast"');
  });

  it.each([
    ['not JSON', '{city: Lyon', 'not valid JSON'],
    ['not an object', '["Lyon"]', 'array, not a JSON object'],
    ['a required property missing', { unit: 'c' }, 'arguments.city is required'],
    ['a wrong primitive type', { city: 42 }, 'arguments.city must be string, not number'],
    ['a non-integer for an integer', { city: 'Lyon', days: 1.5 }, 'arguments.days must be integer'],
    ['a value outside the enum', { city: 'Lyon', unit: 'kelvin' }, 'arguments.unit must be one of "c", "f"'],
  ])('arguments-match-schema fails on %s', (_name, args, expected) => {
    const t = withMessages([USER, callTurn('c1', 'get_weather', args), toolResult('c1', '21'), { role: 'assistant', content: '21' }]);
    const check = checkArgumentsMatchSchema(t);
    expect(check.passed).toBe(false);
    expect(check.detail).toContain(expected);
  });

  it('arguments-match-schema accepts blank arguments for a tool without required ones, and ignores unknown tools', () => {
    const noArgs = goodTrajectory();
    noArgs.tools = [{ type: 'function', function: { name: 'now', parameters: { type: 'object', properties: {} } } }];
    noArgs.messages = [USER, callTurn('c1', 'now', ''), callTurn('c2', 'ghost', 'garbage'), { role: 'assistant', content: 'x' }];
    expect(checkArgumentsMatchSchema(noArgs).passed).toBe(true);
  });

  it('results-used fails when a call has no tool message', () => {
    const t = withMessages([USER, callTurn('c1', 'get_weather', { city: 'Lyon' }), { role: 'assistant', content: 'It is warm.' }]);
    const check = checkResultsUsed(t);
    expect(check.passed).toBe(false);
    expect(check.detail).toContain('call c1 (get_weather) has no tool message');
  });

  it('results-used fails when the conversation ends on a result', () => {
    const t = withMessages([USER, callTurn('c1', 'get_weather', { city: 'Lyon' }), toolResult('c1', '{"temperature": 21}')]);
    const check = checkResultsUsed(t);
    expect(check.passed).toBe(false);
    expect(check.detail).toContain('does not end with an assistant answer');
    expect(check.detail).toContain('never followed by an assistant turn');
  });

  it('results-used lets an error result go unread, and reports a tool message answering no call', () => {
    const errorOnly = withMessages([USER, callTurn('c1', 'get_weather', { city: 'Lyon' }), toolResult('c1', 'Error: upstream timeout')]);
    expect(checkResultsUsed(errorOnly).detail).not.toContain('never followed');
    const orphan = withMessages([USER, toolResult('zz', '21'), { role: 'assistant', content: '21' }]);
    expect(checkResultsUsed(orphan)).toMatchObject({ passed: false, detail: expect.stringContaining('answers no call') });
  });

  it('answer-grounded fails on an empty answer, on no results, and on an answer that shares nothing with them', () => {
    const empty = withMessages([...goodTrajectory().messages.slice(0, 3), { role: 'assistant', content: '  ' }]);
    expect(checkAnswerGrounded(empty)).toMatchObject({ passed: false, detail: 'the final answer is empty' });
    const noResults = withMessages([USER, { role: 'assistant', content: 'It is 21 degrees.' }]);
    expect(checkAnswerGrounded(noResults).detail).toContain('no tool returned a result');
    const onlyErrors = withMessages([
      USER,
      callTurn('c1', 'get_weather', { city: 'Lyon' }),
      toolResult('c1', '{"error":"down"}'),
      { role: 'assistant', content: 'down' },
    ]);
    expect(checkAnswerGrounded(onlyErrors).passed).toBe(false);
    const ungrounded = withMessages([
      ...goodTrajectory().messages.slice(0, 3),
      { role: 'assistant', content: 'The weather there is pleasant.' },
    ]);
    expect(checkAnswerGrounded(ungrounded).detail).toContain('shares no number or distinctive word');
  });

  it('answer-grounded matches numbers across formats and ignores JSON keys and stop words', () => {
    const numbers = withMessages([
      USER,
      callTurn('c1', 'get_weather', { city: 'x' }),
      toolResult('c1', '{"population": 1234.50}'),
      { role: 'assistant', content: 'About 1,234.5 people.' },
    ]);
    expect(checkAnswerGrounded(numbers).passed).toBe(true);
    const keysOnly = withMessages([
      USER,
      callTurn('c1', 'get_weather', { city: 'x' }),
      toolResult('c1', '{"temperature": "the"}'),
      { role: 'assistant', content: 'The temperature is the one.' },
    ]);
    expect(checkAnswerGrounded(keysOnly).passed).toBe(false);
  });

  it('answer-grounded counts a whole short value of a JSON result that the answer repeats as a word', () => {
    const symbol = (answer: string) =>
      withMessages([
        USER,
        callTurn('c1', 'get_weather', { city: 'x' }),
        toolResult('c1', '{"element": "Caesium", "symbol": "Cs"}'),
        { role: 'assistant', content: answer },
      ]);
    expect(checkAnswerGrounded(symbol('Final answer: Cs')).passed).toBe(true);
    expect(checkAnswerGrounded(symbol('Final answer: Csx')).passed).toBe(false);
  });

  it('answer-grounded finds Chinese words without spaces', () => {
    const zh = withMessages([
      USER,
      callTurn('c1', 'get_weather', { city: '里昂' }),
      toolResult('c1', '里昂今天晴朗'),
      { role: 'assistant', content: '根据查询，里昂今天晴朗。' },
    ]);
    expect(checkAnswerGrounded(zh).passed).toBe(true);
  });
});
