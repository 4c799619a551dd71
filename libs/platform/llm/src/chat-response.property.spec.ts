import fc from 'fast-check';
import { z } from 'zod';
import { BusError } from '@astra/contracts';
import { readChatCompletion, toChatResult } from './chat-response.parser';
import type { ChatResult } from './llm.types';
import { MAX_MODEL_JSON_DEPTH } from './model-json';
import { checkStructured } from './structured-output';

// Properties over whatever an OpenAI-compatible server sends back: a body of the wrong shape is a BusError and
// nothing else; a body of the right shape always becomes a ChatResult whose tool calls keep their shape.

const options = { requestModel: 'm', textToolCalls: true, cached: false, latencyMs: 1 };

/** Arguments nested `depth` arrays deep, built in a loop (a recursive generator would overflow first). */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const content = fc.oneof(
  fc.string(),
  fc
    .array(
      fc.constantFrom(
        '<think>',
        '</think>',
        '<tool_call>',
        '</tool_call>',
        '{"name":"f","arguments":{"a":1}}',
        '```json\n',
        '```',
        '[',
        '}',
        'x ',
      ),
      { maxLength: 20 },
    )
    .map((p) => p.join('')),
);

const wireCall = fc.record({
  id: fc.option(fc.string(), { nil: undefined }),
  type: fc.constant('function'),
  function: fc.record({
    name: fc.string(),
    arguments: fc.oneof(
      fc.string(),
      fc.dictionary(fc.string(), fc.jsonValue()),
      fc.integer({ min: 0, max: 6000 }).map((d) => ({ deep: nested(d) })),
    ),
  }),
});

const completion = fc.record({
  model: fc.option(fc.string(), { nil: undefined }),
  choices: fc.array(
    fc.record({
      finish_reason: fc.option(fc.string(), { nil: null }),
      message: fc.record({
        content: fc.option(content, { nil: null }),
        tool_calls: fc.option(fc.array(wireCall, { maxLength: 3 }), { nil: undefined }),
      }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
});

describe('readChatCompletion on any body', () => {
  it('returns a completion or throws a BusError, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), completion), (body) => {
        try {
          readChatCompletion(body);
        } catch (error) {
          expect(error).toBeInstanceOf(BusError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('toChatResult on any well-formed completion', () => {
  it('never throws; every call has a string name and either object arguments or an error', () => {
    fc.assert(
      fc.property(completion, (body) => {
        let completionRead: ReturnType<typeof readChatCompletion>;
        try {
          completionRead = readChatCompletion(body);
        } catch (error) {
          expect(error).toBeInstanceOf(BusError); // a body too deep for the cache
          return;
        }
        const result = toChatResult(completionRead, options);
        expect(typeof result.content).toBe('string');
        for (const call of result.toolCalls) {
          expect(typeof call.name).toBe('string');
          if (call.arguments === null) expect(call.error).toEqual(expect.any(String));
          else expect(Array.isArray(call.arguments)).toBe(false);
        }
        expect(() => JSON.stringify(result.message)).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });

  it('refuses native arguments nested past the limit instead of overflowing the stack', () => {
    const body = (depth: number) => ({
      choices: [
        {
          message: { content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: { a: nested(depth) } } }] },
        },
      ],
    });
    const result = toChatResult(readChatCompletion(body(MAX_MODEL_JSON_DEPTH + 10)), options);
    expect(result.toolCalls[0]).toMatchObject({ id: 'c', name: 'f', arguments: null, error: expect.stringContaining('deeper than') });
    expect(() => readChatCompletion(body(10_000))).toThrow(BusError);
  });
});

describe('checkStructured on any answer', () => {
  it('never throws: a value that fits the schema, or an error', () => {
    const schema = z.object({ score: z.number().int().min(1).max(5), reason: z.string() });
    const result = (text: string, thinkUnclosed: boolean): ChatResult => ({
      content: text,
      reasoning: null,
      thinkUnclosed,
      toolCalls: [],
      toolCallSource: 'none',
      finishReason: 'stop',
      model: 'm',
      usage: { inputTokens: 0, outputTokens: 0 },
      cached: false,
      latencyMs: 0,
      message: { role: 'assistant', content: text },
    });
    const answer = fc.oneof(
      content,
      fc.record({ score: fc.integer(), reason: fc.string() }).map((v) => `Here: ${JSON.stringify(v)}`),
    );
    fc.assert(
      fc.property(answer, fc.boolean(), (text, unclosed) => {
        const checked = checkStructured(schema, result(text, unclosed));
        if (checked.ok) expect(schema.safeParse(checked.value).success).toBe(true);
        else expect(checked.error).toEqual(expect.any(String));
      }),
      { numRuns: 300 },
    );
  });
});
