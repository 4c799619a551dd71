import type { SubTask } from '@astra/contracts';
import type { RewardTask, ScoredCall } from './reward.types';
import { EPS, scoreTrajectory } from './score-trajectory';

function tooled(id: string, tool: string, args: Record<string, unknown>, answer: string): SubTask {
  return { id, question: `q ${id}`, answer, dependsOn: [], hop: 1, toolNecessity: true, call: { tool, arguments: args } };
}

const task: RewardTask = {
  subTasks: [
    tooled('a', 'capital_of', { country: 'France' }, 'Paris'),
    tooled('b', 'population_of', { city: 'Paris' }, '2102650'),
    tooled('c', 'area_of', { city: 'Paris', unit: 'km2' }, '105.4'),
    tooled('d', 'mayor_of', { city: 'Paris', year: 2024 }, 'Anne Hidalgo'),
  ],
  finalAnswer: 'Anne Hidalgo',
};

let nextId = 0;
function call(tool: string, args: Record<string, unknown> | null, resultText: string, status: ScoredCall['status'] = 'ok'): ScoredCall {
  nextId += 1;
  return { id: `c${nextId}`, tool, arguments: args, status, resultText };
}

const right = (): ScoredCall[] => [
  call('capital_of', { country: 'France' }, 'Paris'),
  call('population_of', { city: 'Paris' }, '{"population": 2,102,650}'),
  call('area_of', { city: 'Paris', unit: 'km2' }, 'area: 105.40 km2'),
  call('mayor_of', { city: 'Paris', year: 2024 }, 'mayor: Anne Hidalgo'),
];

describe('scoreTrajectory (the paper worked examples)', () => {
  it('4 of 4 solved with 4 calls is about 1', () => {
    const r = scoreTrajectory(task, right(), 'Anne Hidalgo', 'f1');
    expect(r.reward).toBeCloseTo(1, 5);
    expect(r.recall).toBe(1);
    expect(r.solved.map((s) => s.by)).toEqual(['call', 'call', 'call', 'call']);
    expect(r.finalAnswerCorrect).toBe(true);
  });

  it('4 of 4 solved with 6 calls is 0.8', () => {
    const calls = [...right(), call('capital_of', { country: 'Spain' }, 'Madrid'), call('nope', {}, '', 'unknown-tool')];
    const r = scoreTrajectory(task, calls, 'Anne Hidalgo', 'f1');
    expect(r.reward).toBeCloseTo(0.8, 5);
    expect(r.calls).toBe(6);
  });

  it('3 of 4 solved with 4 calls is 0.75', () => {
    const calls = right().slice(0, 3);
    calls.push(call('mayor_of', { city: 'Lyon', year: 2024 }, 'Grégory Doucet'));
    const r = scoreTrajectory(task, calls, 'no idea', 'f1');
    expect(r.reward).toBeCloseTo(0.75, 5);
    expect(r.finalAnswerCorrect).toBe(false);
  });
});

describe('scoreTrajectory (what solves a sub-task)', () => {
  const one: RewardTask = { subTasks: [tooled('a', 'capital_of', { country: 'France' }, 'Paris')], finalAnswer: 'Paris' };

  it('the right tool with wrong arguments does not solve', () => {
    const r = scoreTrajectory(one, [call('capital_of', { country: 'Germany' }, 'Paris is not it: Berlin')], 'Paris', 'f1');
    expect(r.solved).toEqual([]);
    expect(r.reward).toBe(0);
  });

  it('another tool with the same arguments does not solve', () => {
    const r = scoreTrajectory(one, [call('largest_city_of', { country: 'France' }, 'Paris')], 'Paris', 'f1');
    expect(r.solved).toEqual([]);
  });

  it('an error result containing the answer does not solve', () => {
    const r = scoreTrajectory(one, [call('capital_of', { country: 'France' }, 'Paris', 'error')], 'Paris', 'f1');
    expect(r.solved).toEqual([]);
  });

  it('argument values are compared normalised, numbers as numbers, extra keys allowed', () => {
    const spec: RewardTask = { subTasks: [tooled('a', 't', { name: 'Paris', n: 3, flag: true, xs: ['A', 2] }, 'yes')], finalAnswer: 'x' };
    const fits = call('t', { name: ' paris ', n: '3', flag: true, xs: ['a', '2'], extra: 1 }, 'yes');
    expect(scoreTrajectory(spec, [fits], '', 'recall').recall).toBe(1);
    const wrongBool = call('t', { name: 'Paris', n: 3, flag: 'true', xs: ['A', 2] }, 'yes');
    const missing = call('t', { name: 'Paris', n: 3, xs: ['A', 2] }, 'yes');
    const invalid = call('t', null, 'yes', 'invalid-arguments');
    expect(scoreTrajectory(spec, [wrongBool, missing, invalid], '', 'recall').recall).toBe(0);
  });

  it('"12" is not found in "312"', () => {
    const spec: RewardTask = { subTasks: [tooled('a', 't', {}, '12')], finalAnswer: '12' };
    expect(scoreTrajectory(spec, [call('t', {}, 'total 312')], '312', 'f1').solved).toEqual([]);
    expect(scoreTrajectory(spec, [call('t', {}, 'total 12')], '', 'f1').solved).toHaveLength(1);
  });

  it('a distractor call counts in precision', () => {
    const r = scoreTrajectory(
      one,
      [call('capital_of', { country: 'France' }, 'Paris'), call('weather_in', { city: 'Paris' }, 'sunny')],
      'Paris',
      'f1',
    );
    expect(r.precision).toBeCloseTo(0.5, 5);
    expect(r.reward).toBeCloseTo(2 / 3, 5);
  });

  it('one call solves identical call statements, each counted once, the first solving call cited', () => {
    const twin: RewardTask = {
      subTasks: [tooled('a', 't', { x: 1 }, 'ok'), tooled('b', 't', { x: 1 }, 'ok')],
      finalAnswer: 'ok',
    };
    const first = call('t', { x: 1 }, 'ok');
    const r = scoreTrajectory(twin, [first, call('t', { x: 1 }, 'ok')], 'ok', 'f1');
    expect(r.solved).toEqual([
      { subTask: 'a', by: 'call', callId: first.id },
      { subTask: 'b', by: 'call', callId: first.id },
    ]);
    expect(r.precision).toBeCloseTo(1, 5);
  });

  it('a tool-free leaf is solved by the final answer, not by a call', () => {
    const mixed: RewardTask = {
      subTasks: [
        tooled('a', 'capital_of', { country: 'France' }, 'Paris'),
        { id: 'b', question: 'double 21', answer: '42', dependsOn: [], hop: 1, toolNecessity: false },
      ],
      finalAnswer: 'Paris',
    };
    const calls = [call('capital_of', { country: 'France' }, 'Paris, 42')];
    const r = scoreTrajectory(mixed, calls, 'Paris; 21 doubled is 42', 'f1');
    expect(r.solved).toEqual([
      { subTask: 'a', by: 'call', callId: calls[0]?.id },
      { subTask: 'b', by: 'final-answer' },
    ]);
    expect(r.reward).toBeCloseTo(1, 5);
    expect(scoreTrajectory(mixed, calls, 'Paris', 'f1').recall).toBe(0.5);
  });

  it('a task without tooled sub-tasks: precision 1 without calls, 0 with any', () => {
    const free: RewardTask = {
      subTasks: [{ id: 'a', question: 'q', answer: '42', dependsOn: [], hop: 1, toolNecessity: false }],
      finalAnswer: '42',
    };
    expect(scoreTrajectory(free, [], '42', 'f1').reward).toBe(1);
    const needless = scoreTrajectory(free, [call('t', {}, '42')], '42', 'f1');
    expect(needless.precision).toBe(0);
    expect(needless.reward).toBe(0);
  });
});

describe('scoreTrajectory (kinds)', () => {
  it('zero calls scores 0', () => {
    const r = scoreTrajectory(task, [], 'Anne Hidalgo', 'f1');
    expect(r).toMatchObject({ reward: 0, recall: 0, precision: 0, calls: 0, finalAnswerCorrect: true });
  });

  it('recall-only and precision-only kinds', () => {
    const calls = [...right().slice(0, 2), call('x', {}, ''), call('y', {}, '')];
    const recall = scoreTrajectory(task, calls, '', 'recall');
    expect(recall.kind).toBe('recall');
    expect(recall.reward).toBe(0.5);
    const precision = scoreTrajectory(task, calls.slice(0, 2), '', 'precision');
    expect(precision.reward).toBeCloseTo(1, 5);
    expect(precision.reward).toBe(2 / (2 + EPS));
    expect(scoreTrajectory(task, calls.slice(0, 2), '', 'f1').reward).toBeCloseTo(2 / 3, 5);
  });
});
