import fc from 'fast-check';
import { balancedEnd, balancedSpans, extractJson, fencedBlocks } from './json-extract';
import type { ToolCall } from './llm.types';
import { MAX_JSON_CANDIDATES, MAX_MODEL_JSON_DEPTH, parseModelJson } from './model-json';
import { splitThink } from './think.parser';
import { MAX_TEXT_TOOL_CALLS, parseTextToolCalls, parseWireToolCall } from './tool-call.parser';
import { cpuMsOf } from '@astra/testing';

// Properties over arbitrary model output: the parsers never throw, what they return keeps its shape, and one call
// never blocks the event loop for long on big or hostile text.

/**
 * The CPU time of one synchronous call, in milliseconds: how long it holds the event loop on an idle machine.
 * Wall time is not used: on a shared machine it grows with every other process (5x at a load of 10 on 2 cores).
 */

// The issue's stall threshold. The hostile texts below (up to 128 KB, a 32k-token answer) take the linear parsers
// under 50 ms of CPU even on their first, unoptimised call; the backtracking they replace took 1.8 s on 4 KB and
// minutes on 20 KB.
const STALL_MS = 100;

/** Text rich in the characters the parsers care about, so random cases reach their branches. */
const modelText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .array(
      fc.constantFrom(
        '{',
        '}',
        '[',
        ']',
        '"',
        '\\',
        ':',
        ',',
        '`',
        '```',
        '```json\n',
        ' ',
        '\n',
        'a',
        '1',
        '<think>',
        '</think>',
        '<tool_call>',
        '</tool_call>',
        '"name"',
        '"arguments"',
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join('')),
);

/** A unit and a length, repeated into the text inside the property so a failure prints short and never shrinks. */
const hostileText = fc.noShrink(
  fc.tuple(
    fc.constantFrom(
      ...['{', '[', '[[]', '[,]', '{"a":', '{"a":[,]}', '"', '```', '``` ', '```\t', '```a', '```[,]```', 'A', '"name":"'],
      ...[
        '<think>',
        '</think>',
        '<think>x</think>',
        '<tool_call>',
        '<tool_call>{',
        '<tool_call>[,]</tool_call>',
        '{"name":"f","arguments":{}}',
      ],
    ),
    fc.integer({ min: 16_384, max: 131_072 }),
  ),
);
const repeated = ([unit, chars]: [string, number]): string => unit.repeat(Math.ceil(chars / unit.length));

function expectWellFormed(call: ToolCall): void {
  expect(typeof call.id).toBe('string');
  expect(typeof call.name).toBe('string');
  expect(typeof call.rawArguments).toBe('string');
  if (call.arguments === null) {
    expect(call.error).toEqual(expect.any(String));
  } else {
    expect(call.error).toBeUndefined();
    expect(call.arguments).toEqual(expect.any(Object));
    expect(Array.isArray(call.arguments)).toBe(false);
  }
}

// The former implementations, oracles for the single-pass scans that replace them (they backtrack or rescan, so
// they only see short strings here).
const FENCE_REGEX = /```[ \t]*([A-Za-z0-9_-]*)[ \t]*\r?\n?([\s\S]*?)```/g;
function regexFencedBlocks(text: string): { lang: string; body: string; start: number; end: number }[] {
  return [...text.matchAll(FENCE_REGEX)].map((m) => ({
    lang: (m[1] ?? '').toLowerCase(),
    body: m[2] ?? '',
    start: m.index,
    end: m.index + m[0].length,
  }));
}
function rescanningSpans(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '{' && text[i] !== '[') continue;
    const end = balancedEnd(text, i);
    if (end > 0) {
      out.push(text.slice(i, end));
      i = end - 1;
    }
  }
  return out;
}

describe('fencedBlocks and balancedSpans', () => {
  it('find the same fences as the former regular expression', () => {
    const text = fc
      .array(fc.constantFrom('`', '```', 'a', 'J', '-', ' ', '\t', '\r', '\n', '{'), { maxLength: 40 })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, (t) => expect([...fencedBlocks(t)]).toEqual(regexFencedBlocks(t))),
      { numRuns: 1000 },
    );
  });

  it('find the same spans as rescanning from every bracket, in one pass, when no string is involved', () => {
    const text = fc.array(fc.constantFrom('{', '}', '[', ']', 'a', ' '), { maxLength: 40 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, (t) => expect([...balancedSpans(t)].map(([start, end]) => t.slice(start, end))).toEqual(rescanningSpans(t))),
      { numRuns: 1000 },
    );
  });
});

describe('splitThink on any text', () => {
  it('never throws and leaves no opening think tag in the answer', () => {
    fc.assert(
      fc.property(modelText, (text) => {
        const split = splitThink(text);
        expect(split.answer).not.toMatch(/<(think|thinking|reasoning)>/i);
        if (!/<\/?(think|thinking|reasoning)>/i.test(text))
          expect(split).toEqual({ answer: text.trim(), reasoning: null, unclosed: false });
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseModelJson on any text', () => {
  it('accepts exactly what JSON.parse accepts, up to the depth limit, and never throws', () => {
    const jsonText = fc.jsonValue().map((v) => JSON.stringify(v));
    fc.assert(
      fc.property(fc.oneof(modelText, jsonText), (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(parseModelJson(text).ok).toBe(parses);
      }),
      { numRuns: 500 },
    );
  });
});

describe('extractJson on any text', () => {
  it('never throws, and what it finds is the JSON text it reports', () => {
    fc.assert(
      fc.property(modelText, (text) => {
        const result = extractJson(text);
        if (result.ok) expect(JSON.parse(result.text)).toEqual(result.value);
        else expect(result.error).toEqual(expect.any(String));
      }),
      { numRuns: 300 },
    );
  });

  it('finds any object or array written amid prose', () => {
    const value = fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.jsonValue()));
    const prose = fc.stringMatching(/^[a-zA-Z .,!]{0,30}$/);
    fc.assert(
      fc.property(prose, value, prose, (before, v, after) => {
        const json = JSON.stringify(v);
        expect(extractJson(`${before} ${json} ${after}`)).toMatchObject({ ok: true, value: JSON.parse(json) });
      }),
      { numRuns: 200 },
    );
  });

  it(`tries at most ${MAX_JSON_CANDIDATES} candidates, so a flood of broken brackets cannot hide the search's cost`, () => {
    const broken = (n: number) => `${'[x] '.repeat(n)}{"found":true}`;
    expect(extractJson(broken(MAX_JSON_CANDIDATES - 3))).toMatchObject({ ok: true, value: { found: true } });
    expect(extractJson(broken(MAX_JSON_CANDIDATES))).toMatchObject({ ok: false });
  });

  it('refuses JSON nested deeper than the limit instead of parsing it', () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(extractJson(deep(MAX_MODEL_JSON_DEPTH)).ok).toBe(true);
    expect(extractJson(deep(MAX_MODEL_JSON_DEPTH + 1))).toMatchObject({ ok: false, error: expect.stringContaining('deeper than') });
  });
});

describe('tool calls in any text', () => {
  it('never throw; every call has a name, an id and either object arguments or an error', () => {
    fc.assert(
      fc.property(modelText, (text) => {
        for (const call of parseTextToolCalls(text)?.calls ?? []) expectWellFormed(call);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(modelText, fc.string(), (args, name) =>
        expectWellFormed(parseWireToolCall({ id: '', type: 'function', function: { name, arguments: args } }, 0)),
      ),
      { numRuns: 300 },
    );
  });

  it('reads back every Hermes call written with any arguments', () => {
    const call = fc.record({ name: fc.stringMatching(/^[a-z_]{1,20}$/), arguments: fc.dictionary(fc.string(), fc.jsonValue()) });
    fc.assert(
      fc.property(fc.array(call, { minLength: 1, maxLength: 4 }), (calls) => {
        const text = `I will call tools.\n${calls.map((c) => `<tool_call>${JSON.stringify(c)}</tool_call>`).join('\n')}`;
        const parsed = parseTextToolCalls(text);
        expect(parsed?.remainder).toBe('I will call tools.');
        expect(parsed?.calls.map((c) => [c.name, c.arguments])).toEqual(
          calls.map((c) => [c.name, JSON.parse(JSON.stringify(c.arguments))]),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('marks deeply nested arguments as an error instead of overflowing the stack', () => {
    const deep = `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const parsed = parseTextToolCalls(`<tool_call>{"name":"f","arguments":${deep}}</tool_call>`);
    expect(parsed?.calls[0]).toMatchObject({ name: 'f', arguments: null, error: expect.stringContaining('deeper than') });
    expect(parseWireToolCall({ id: 'c', type: 'function', function: { name: 'f', arguments: deep } }, 0)).toMatchObject({
      arguments: null,
    });
  });
});

describe('the number of text tool calls', () => {
  it('is bounded: calls past the limit become one call with an error', () => {
    const text = '<tool_call>{"name":"f","arguments":{}}</tool_call>'.repeat(MAX_TEXT_TOOL_CALLS + 5);
    const calls = parseTextToolCalls(text)?.calls ?? [];
    expect(calls).toHaveLength(MAX_TEXT_TOOL_CALLS + 1);
    expect(calls[MAX_TEXT_TOOL_CALLS - 1]).toMatchObject({ name: 'f', arguments: {} });
    expect(calls[MAX_TEXT_TOOL_CALLS]).toMatchObject({
      arguments: null,
      error: expect.stringContaining(`more than ${MAX_TEXT_TOOL_CALLS}`),
    });
  });
});

describe('parsers on big hostile text', () => {
  it('return within the stall bound', () => {
    fc.assert(
      fc.property(hostileText, (hostile) => {
        const text = repeated(hostile);
        expect(cpuMsOf(() => splitThink(text))).toBeLessThan(STALL_MS);
        expect(cpuMsOf(() => extractJson(text))).toBeLessThan(STALL_MS);
        expect(cpuMsOf(() => parseTextToolCalls(text))).toBeLessThan(STALL_MS);
        expect(cpuMsOf(() => parseWireToolCall({ id: '', type: 'function', function: { name: 'f', arguments: text } }, 0))).toBeLessThan(
          STALL_MS,
        );
      }),
      { numRuns: 24 },
    );
  });
});
