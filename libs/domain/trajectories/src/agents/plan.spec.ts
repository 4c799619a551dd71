import { TaskPlanSchema, type TaskPlan } from '@astra/contracts';
import { bindStepArguments, followPath } from './plan-binding';
import { finalSteps, planProblem, readySteps } from './plan-schedule';

const plan: TaskPlan = TaskPlanSchema.parse({
  steps: [
    { id: 'a', tool: 'search_city', arguments: { query: 'Lyon' } },
    { id: 'b', tool: 'weather', arguments: { units: 'metric' } },
    { id: 'c', tool: 'population', arguments: {}, bindings: [{ argument: 'cityId', fromStep: 'a', path: 'results.0.id' }] },
    { id: 'd', tool: 'report', arguments: {}, dependsOn: ['b', 'c'] },
  ],
});

describe('followPath', () => {
  it('walks objects and array indexes, and an empty path is the whole value', () => {
    const value = { results: [{ id: 'x1' }, { id: 'x2' }] };
    expect(followPath(value, 'results.1.id')).toEqual({ found: true, value: 'x2' });
    expect(followPath(value, '')).toEqual({ found: true, value });
  });

  it('says where a path stops', () => {
    expect(followPath({ results: [] }, 'results.0.id')).toEqual({ found: false, at: 'results.0' });
    expect(followPath({ a: 1 }, 'a.b')).toEqual({ found: false, at: 'a.b' });
  });
});

describe('bindStepArguments', () => {
  const step = plan.steps[2]!;

  it('fills a binding from the earlier JSON result, over the fixed arguments', () => {
    const results = new Map([['a', JSON.stringify({ results: [{ id: 'LYS', name: 'Lyon' }] })]]);
    expect(bindStepArguments({ ...step, arguments: { cityId: 'stale', year: 2020 } }, results)).toEqual({
      ok: true,
      arguments: { cityId: 'LYS', year: 2020 },
    });
  });

  it('fails clearly on a missing result, a result that is not JSON, and a missing path', () => {
    expect(bindStepArguments(step, new Map())).toEqual({ ok: false, reason: expect.stringContaining('no successful result') });
    expect(bindStepArguments(step, new Map([['a', 'no such city']]))).toEqual({
      ok: false,
      reason: expect.stringContaining('not JSON (no such city)'),
    });
    const missing = bindStepArguments(step, new Map([['a', '{"results":[]}']]));
    expect(missing).toEqual({ ok: false, reason: expect.stringContaining('nothing at "results.0"') });
    expect(missing.ok ? '' : missing.reason).toContain('argument "cityId" from step "a"');
  });

  it('takes a plain-text result whole for an empty path', () => {
    const whole = { ...step, bindings: [{ argument: 'text', fromStep: 'a', path: '' }] };
    expect(bindStepArguments(whole, new Map([['a', 'Lyon, France']]))).toEqual({ ok: true, arguments: { text: 'Lyon, France' } });
  });
});

describe('plan scheduling', () => {
  it('runs independent steps together and waits for dependsOn and bindings', () => {
    expect(readySteps(plan, new Set()).map((s) => s.id)).toEqual(['a', 'b']);
    expect(readySteps(plan, new Set(['a'])).map((s) => s.id)).toEqual(['b', 'c']);
    expect(readySteps(plan, new Set(['a', 'b'])).map((s) => s.id)).toEqual(['c']);
    expect(readySteps(plan, new Set(['a', 'b', 'c'])).map((s) => s.id)).toEqual(['d']);
  });

  it('finds the steps no one waits for', () => {
    expect(finalSteps(plan).map((s) => s.id)).toEqual(['d']);
  });

  it('accepts a sound plan and names duplicate ids, unknown prerequisites and cycles', () => {
    expect(planProblem(plan)).toBeNull();
    const step = { tool: 't', arguments: {}, bindings: [], dependsOn: [] };
    expect(
      planProblem({
        steps: [
          { ...step, id: 'x' },
          { ...step, id: 'x' },
        ],
      }),
    ).toContain('two steps "x"');
    expect(planProblem({ steps: [{ ...step, id: 'x', dependsOn: ['y'] }] })).toContain('"y", which is not a step');
    const cycle = {
      steps: [
        { ...step, id: 'x', dependsOn: ['y'] },
        { ...step, id: 'y', dependsOn: ['x'] },
      ],
    };
    expect(planProblem(cycle)).toContain('a cycle');
  });
});
