import { buildToolCodePrompt, toolCodeSchema } from './tool-code.prompt';
import { argumentProblems, deriveBadCalls, ToolDocumentSchema } from './tool-document.schema';
import { mergedToolSchema, toolGroupingSchema } from './tool-merge.prompt';
import { callStatementSchema } from './tool-synthesis.prompt';

const doc = ToolDocumentSchema.parse({
  name: 'city_population',
  description: 'Population of a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, year: { type: 'integer' }, exact: { type: 'boolean' } },
    required: ['city'],
  },
});
const messages = (result: { error?: { issues: { message: string }[] } }) => result.error?.issues.map((i) => i.message) ?? [];

describe('tool documents and calls', () => {
  it('refuses documents without parameters, with unknown required names or a non-identifier name', () => {
    const bad = { name: 'city population', description: 'd', parameters: { type: 'object', properties: {}, required: ['city'] } };
    expect(messages(ToolDocumentSchema.safeParse(bad))).toEqual([
      'a tool name is a Python identifier of at most 64 characters',
      'the tool needs at least one parameter',
      'required "city" is not a property',
    ]);
  });

  it('checks call arguments against the document', () => {
    expect(argumentProblems(doc, { city: 'Paris', year: 2020 })).toEqual([]);
    expect(argumentProblems(doc, { year: 20.5, country: 'FR' })).toEqual([
      '"year" must be of type integer',
      '"country" is not a parameter of city_population',
      'the required argument "city" is missing',
    ]);
    expect(callStatementSchema(doc).safeParse({ arguments: { city: 7 } }).success).toBe(false);
    expect(callStatementSchema(doc).parse({ arguments: { city: 'Paris' } })).toEqual({ arguments: { city: 'Paris' } });
  });

  it('derives bad calls: nothing at all, and one wrong type per given argument', () => {
    expect(deriveBadCalls(doc, { city: 'Paris', exact: true })).toEqual([
      {},
      { city: 12345, exact: true },
      { city: 'Paris', exact: 'not-a-boolean' },
    ]);
  });

  it('wants code that defines the tool at top level, and states the sandbox contract', () => {
    const schema = toolCodeSchema('city_population');
    expect(schema.safeParse({ code: 'def city_population(city=None):\n    return 1' }).success).toBe(true);
    expect(messages(schema.safeParse({ code: 'def population(city=None):\n    return 1' }))).toEqual([
      'the code must define a top-level function "def city_population(...)"',
    ]);
    const prompt = buildToolCodePrompt({
      language: 'en',
      domain: 'geo',
      doc,
      cases: [{ arguments: { city: 'Paris' }, expectedAnswer: '2102650' }],
      badCalls: [{}],
    });
    expect(prompt[1]?.content).toContain('raises ValueError with a clear message');
    expect(prompt[1]?.content).toContain('standard library only');
  });
});

describe('merging', () => {
  it('groups only known tools, two or more per group, each in one group', () => {
    const schema = toolGroupingSchema(['a', 'b', 'c']);
    expect(schema.safeParse({ groups: [{ tools: ['a', 'b'], intent: 'x' }] }).success).toBe(true);
    expect(
      messages(
        schema.safeParse({
          groups: [
            { tools: ['a', 'z'], intent: 'x' },
            { tools: ['a'], intent: 'y' },
          ],
        }),
      ),
    ).toEqual(['"z" is not one of the tools', 'a group names at least two different tools', '"a" appears in more than one group']);
  });

  it('wants a merged tool with a fresh name and a valid call for exactly every member sub-task', () => {
    const cases = [
      { subTask: 'q1', tool: 'pop_a', arguments: { city: 'Paris' }, expectedAnswer: '1' },
      { subTask: 'q2', tool: 'pop_b', arguments: { city: 'Rome' }, expectedAnswer: '2' },
    ];
    const schema = mergedToolSchema(cases, ['other_tool']);
    const answer = {
      ...doc,
      code: 'def city_population(city=None, year=None, exact=None):\n    return 1',
      calls: [
        { subTask: 'q1', arguments: { city: 'Paris' } },
        { subTask: 'q2', arguments: { city: 'Rome' } },
      ],
    };
    expect(schema.parse(answer).calls).toHaveLength(2);
    expect(messages(schema.safeParse({ ...answer, calls: [{ subTask: 'q1', arguments: { town: 'Paris' } }] }))).toEqual([
      'give exactly one call for each of q1, q2',
      '"town" is not a parameter of city_population',
      'the required argument "city" is missing',
    ]);
    expect(messages(mergedToolSchema(cases, ['city_population']).safeParse(answer))).toEqual([
      '"city_population" is taken by another tool',
    ]);
  });
});
