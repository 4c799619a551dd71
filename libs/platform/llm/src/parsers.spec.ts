import { extractJson } from './json-extract';
import { splitThink } from './think.parser';
import { parseTextToolCalls, parseWireToolCall } from './tool-call.parser';

describe('splitThink', () => {
  it('separates think blocks from the answer', () => {
    expect(splitThink('<think>plan A</think>\nThe answer is 4.')).toEqual({
      answer: 'The answer is 4.',
      reasoning: 'plan A',
      unclosed: false,
    });
  });

  it('handles a closing tag whose opening tag was in the prompt template', () => {
    expect(splitThink('reasoning here</think>final')).toEqual({ answer: 'final', reasoning: 'reasoning here', unclosed: false });
  });

  it('reports an unclosed think block and gives an empty answer rather than guessing', () => {
    expect(splitThink('<think>I should answer {"x": 1} but')).toEqual({
      answer: '',
      reasoning: 'I should answer {"x": 1} but',
      unclosed: true,
    });
  });

  it('keeps several blocks and leaves plain text alone', () => {
    expect(splitThink('<think>a</think>x <think>b</think>y').reasoning).toBe('a\n\nb');
    expect(splitThink('no tags at all')).toEqual({ answer: 'no tags at all', reasoning: null, unclosed: false });
  });
});

describe('extractJson', () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ['<think>{"a":0}</think>```json\n{"a":2}\n```', { a: 2 }],
    ['Sure! Here it is: {"a":{"b":"}"}} Hope that helps.', { a: { b: '}' } }],
    ['[1,2,3]', [1, 2, 3]],
  ])('finds the JSON in %s', (text, expected) => {
    expect(extractJson(text)).toMatchObject({ ok: true, value: expected });
  });

  it('fails without guessing when there is no valid JSON', () => {
    expect(extractJson('{"a": 1,').ok).toBe(false);
    expect(extractJson('<think>{"a":1}').ok).toBe(false);
  });
});

describe('parseTextToolCalls', () => {
  it('parses several Hermes tool calls in one turn and keeps the surrounding text', () => {
    const text =
      'Let me look.\n<tool_call>{"name":"search","arguments":{"q":"paris"}}</tool_call>\n<tool_call>\n{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}\n</tool_call>';
    const parsed = parseTextToolCalls(text);
    expect(parsed?.remainder).toBe('Let me look.');
    expect(parsed?.calls.map((c) => [c.name, c.arguments])).toEqual([
      ['search', { q: 'paris' }],
      ['weather', { city: 'Paris' }],
    ]);
  });

  it('parses calls in JSON code fences, including an array of calls', () => {
    const text = '```json\n[{"name":"a","arguments":{}},{"function":{"name":"b","arguments":{"x":1}}}]\n```';
    expect(parseTextToolCalls(text)?.calls.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('reports a truncated Hermes call as an error instead of dropping it', () => {
    const parsed = parseTextToolCalls('<tool_call>{"name":"search","arguments":{"q":"par');
    expect(parsed?.calls).toHaveLength(1);
    expect(parsed?.calls[0]).toMatchObject({ name: 'search', arguments: null });
    expect(parsed?.calls[0]?.error).toMatch(/not valid JSON/);
  });

  it('returns null for prose and for JSON that is not a call', () => {
    expect(parseTextToolCalls('just an answer')).toBeNull();
    expect(parseTextToolCalls('```json\n{"score": 3}\n```')).toBeNull();
  });

  it('parses native arguments and flags invalid ones', () => {
    expect(parseWireToolCall({ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }, 0).arguments).toEqual({ a: 1 });
    expect(parseWireToolCall({ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":' } }, 0)).toMatchObject({
      arguments: null,
      rawArguments: '{"a":',
    });
  });
});
