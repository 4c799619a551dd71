import { TaskPlanSchema, type TaskPlan } from '@astra/contracts';
import { chooseDetour, describeDetour, spoilFirstArgument } from './oracle-detour';
import {
  answerReasoning,
  oracleAnswer,
  recoveryReasoning,
  retryReasoning,
  type StepOutcome,
  stepAttempts,
  stepPurpose,
  turnReasoning,
} from './oracle-texts';

const plan: TaskPlan = TaskPlanSchema.parse({
  steps: [
    { id: 'a', tool: 'search_city', arguments: { query: 'Lyon' }, purpose: 'which id the city has.' },
    { id: 'b', tool: 'weather', arguments: { units: 'metric' } },
    {
      id: 'c',
      tool: 'population',
      arguments: {},
      bindings: [{ argument: 'cityId', fromStep: 'a', path: 'results.0.id' }],
      dependsOn: ['b'],
    },
  ],
  finalAnswer: '522,250',
});
const step = (id: string) => plan.steps.find((s) => s.id === id)!;
const outcome = (id: string, result: string, status: StepOutcome['status'] = 'ok'): [string, StepOutcome] => [
  id,
  { step: step(id), arguments: step(id).arguments, status, result },
];

describe('oracle texts', () => {
  it('says what a step finds out: its purpose, or the tool and arguments', () => {
    expect(stepPurpose(step('a'))).toBe('which id the city has');
    expect(stepPurpose(step('b'))).toBe('what weather returns for units="metric"');
  });

  it('reasons from the question on the first turn, names parallel lookups and where bound values come from', () => {
    const first = turnReasoning(
      'How many live in Lyon?',
      [
        { step: step('a'), arguments: { query: 'Lyon' } },
        { step: step('b'), arguments: {} },
      ],
      true,
      (id) => step(id).tool,
    );
    expect(first).toContain('The user asks: "How many live in Lyon?"');
    expect(first).toContain('which id the city has and what weather returns');
    expect(first).toContain('at once');
    const later = turnReasoning('q', [{ step: step('c'), arguments: { cityId: 'LYS' } }], false, (id) => step(id).tool);
    expect(later).toContain('next I need to find out what population returns for cityId="LYS"');
    expect(later).toContain('I take cityId for population from the search_city result (results.0.id).');
    expect(later).not.toContain('at once');
  });

  it('answers with the expected answer only when a real output contains it', () => {
    expect(oracleAnswer(plan, new Map([outcome('a', '{}'), outcome('c', '{"population": "522,250"}')]))).toBe('522,250');
    const summary = oracleAnswer(plan, new Map([outcome('a', '{}'), outcome('c', '{"population": 1}')]));
    expect(summary).toBe('Here is what I found:\n- What population returns: {"population": 1}');
    const failed = oracleAnswer(plan, new Map([outcome('c', 'Error: 522,250 not found', 'error')]));
    expect(failed).toContain('the population call failed (Error: 522,250 not found)');
  });

  it('states a derived answer (a comparison of two lookups) with the step answers it rests on, when the outputs bear them out', () => {
    const compare = TaskPlanSchema.parse({
      steps: [
        {
          id: 'q1',
          tool: 'neighbours',
          arguments: { country: 'Belize' },
          purpose: 'Which neighbour of Belize comes first?',
          expected: 'Guatemala',
        },
        {
          id: 'q2',
          tool: 'neighbours',
          arguments: { country: 'Norway' },
          purpose: 'Which neighbour of Norway comes first?',
          expected: 'Finland',
        },
      ],
      finalAnswer: 'no',
    });
    const result = (id: string, text: string): [string, StepOutcome] => {
      const s = compare.steps.find((x) => x.id === id)!;
      return [id, { step: s, arguments: s.arguments, status: 'ok', result: text }];
    };
    const belize = result('q1', '{"country":"Belize","neighbours":["Guatemala","Mexico"]}');
    // "no" inside "Norway" is no answer: matching is on word boundaries.
    const norway = result('q2', '{"country":"Norway","neighbours":["Finland","Russia","Sweden"]}');
    expect(oracleAnswer(compare, new Map([belize, norway]))).toBe(
      'No.\nIt rests on:\n- Which neighbour of Belize comes first? Guatemala\n- Which neighbour of Norway comes first? Finland',
    );
    // A result that does not bear a step's answer out: no claim, the results instead.
    const odd = result('q2', '{"country":"Norway","neighbours":["Russia","Sweden"]}');
    expect(oracleAnswer(compare, new Map([belize, odd]))).toMatch(/^Here is what I found:/);
  });

  it('retries failures the tool may not repeat more often, and says why', () => {
    expect([stepAttempts('ok'), stepAttempts('error'), stepAttempts('timeout'), stepAttempts('injected')]).toEqual([1, 2, 3, 3]);
    expect(retryReasoning(step('b'), 'timeout', '')).toBe('The weather call timed out; it may be a passing fault, so I will try it again.');
  });

  it('mentions failed calls before answering, and the spoiled value in a recovery', () => {
    expect(answerReasoning(new Map([outcome('a', 'x'), outcome('b', 'boom', 'error')]))).toContain('weather did not succeed');
    const text = recoveryReasoning(step('a'), 'query', 'Lyo', 'Lyon', 'error', 'no city "Lyo"');
    expect(text).toContain('query="Lyo" failed: no city "Lyo"');
    expect(text).toContain('it should be "Lyon"');
  });
});

describe('oracle detours', () => {
  it('takes none at rate 0 and one at rate 1, the same for the same seed', () => {
    for (let seed = 0; seed < 50; seed += 1) {
      expect(chooseDetour(plan, 0, seed)).toBeNull();
      expect(chooseDetour(plan, 1, seed)).not.toBeNull();
      expect(chooseDetour(plan, 0.5, seed)).toEqual(chooseDetour(plan, 0.5, seed));
    }
  });

  it('takes detours at about the rate, of both kinds, on steps of the plan', () => {
    const choices = Array.from({ length: 2000 }, (_, seed) => chooseDetour(plan, 0.3, seed));
    const taken = choices.filter((c) => c !== null);
    expect(taken.length / choices.length).toBeGreaterThan(0.25);
    expect(taken.length / choices.length).toBeLessThan(0.35);
    expect(new Set(taken.map((c) => c.kind))).toEqual(new Set(['redundant-call', 'wrong-argument']));
    expect(taken.every((c) => ['a', 'b', 'c'].includes(c.stepId))).toBe(true);
  });

  it('only repeats calls when no step has arguments', () => {
    const bare = TaskPlanSchema.parse({ steps: [{ id: 'x', tool: 'now', arguments: {} }] });
    const kinds = new Set(Array.from({ length: 100 }, (_, seed) => chooseDetour(bare, 1, seed)?.kind));
    expect(kinds).toEqual(new Set(['redundant-call']));
  });

  it.each([
    ['Lyon', 'Lyo'],
    ['L', 'unknown'],
    [3, -3],
    [0, -1],
    [true, false],
    [['a'], []],
    [{ k: 1 }, {}],
    [null, ''],
  ])('spoils the first argument %j as %j and keeps the others', (right, wrong) => {
    const spoiled = spoilFirstArgument({ first: right, second: 2 });
    expect(spoiled).toEqual({ arguments: { first: wrong, second: 2 }, argument: 'first', wrong, right });
  });

  it('cannot spoil no arguments, and describes detours', () => {
    expect(spoilFirstArgument({})).toBeNull();
    const spoil = spoilFirstArgument({ query: 'Lyon' })!;
    expect(describeDetour('wrong-argument', 'a', 'search_city', spoil)).toBe(
      'wrong-argument: search_city (step a) first called with query="Lyo", then "Lyon"',
    );
    expect(describeDetour('redundant-call', 'b', 'weather')).toBe('redundant-call: weather (step b) called again with the same arguments');
  });
});
