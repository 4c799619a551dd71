import { TrajectorySynthesisRequestSchema } from '@astra/contracts';
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../cli-context';
import { type SynthesizeOptions, acceptanceOf, dimensionMinimum, trajectoryRequestOf } from './trajectory-request';

const defaults: SynthesizeOptions = {
  tasksJob: 'quickstart-tasks',
  agent: 'auto',
  executor: 'auto',
  perTask: 1,
  maxModelCalls: 20,
  timeLimit: 300,
  judge: true,
  seed: 0,
};

describe('trajectoryRequestOf', () => {
  it('makes a request over a task job that the contract accepts, with its defaults', () => {
    const parsed = TrajectorySynthesisRequestSchema.parse(trajectoryRequestOf('j1', [], defaults));
    expect(parsed.tasks).toEqual({ jobId: 'quickstart-tasks' });
    expect(parsed).toMatchObject({ agent: 'auto', executor: 'auto', perTask: 1, maxModelCalls: 20, timeLimitMs: 300_000, judge: true });
    expect(parsed).toMatchObject({ detourRate: 0.2, failureRate: 0.2 });
    expect(parsed.acceptance).toEqual({ minMean: 0.7, minDimension: 0.5, perDimension: {} });
  });

  it('takes task ids, rates, limits and an acceptance rule', () => {
    const request = trajectoryRequestOf('j2', ['abcdef12'], {
      ...defaults,
      tasksJob: undefined,
      limit: 3,
      agent: 'oracle',
      executor: 'simulated',
      perTask: 4,
      timeLimit: 30,
      detourRate: 0.5,
      failureRate: 0,
      minMean: 0.8,
      min: [['final-answer', 0.75]],
      seed: 7,
    });
    const parsed = TrajectorySynthesisRequestSchema.parse(request);
    expect(parsed.tasks).toEqual({ ids: ['abcdef12'], limit: 3 });
    expect(parsed).toMatchObject({
      agent: 'oracle',
      executor: 'simulated',
      perTask: 4,
      timeLimitMs: 30_000,
      detourRate: 0.5,
      failureRate: 0,
    });
    expect(parsed.acceptance).toEqual({ minMean: 0.8, minDimension: 0.5, perDimension: { 'final-answer': 0.75 } });
    expect(parsed.seed).toBe(7);
  });

  it.each([
    [[], { tasksJob: undefined }, /--tasks-job <jobId> or task ids/],
    [['abcdef12'], {}, /--tasks-job <jobId> or task ids/],
    [[], { agent: 'model' as const, detourRate: 0.1 }, /--detour-rate is for the oracle/],
    [[], { executor: 'compiled' as const, failureRate: 0.1 }, /--failure-rate is for the simulated executor/],
    [[], { judge: false, minMean: 0.5 }, /acceptance options need judging/],
  ])('refuses options that do not fit together (%o %o)', (ids, over, message) => {
    const make = () => trajectoryRequestOf('j', ids, { ...defaults, ...over });
    expect(make).toThrow(UsageError);
    expect(make).toThrow(message);
  });
});

describe('dimensionMinimum', () => {
  it('collects <dimension>=<score> entries in order', () => {
    const first = dimensionMinimum('final-answer=0.75');
    expect(dimensionMinimum('tool-call-status=1', first)).toEqual([
      ['final-answer', 0.75],
      ['tool-call-status', 1],
    ]);
  });

  it.each(['final-answer', 'final-answer=', 'final-answer=2', 'nonsense=0.5', 'final-answer=x'])('refuses %s', (value) => {
    expect(() => dimensionMinimum(value)).toThrow(InvalidArgumentError);
  });
});

describe('acceptanceOf', () => {
  it('sends only what was given', () => {
    expect(acceptanceOf({})).toEqual({});
    expect(acceptanceOf({ minDimension: 0.25, min: [['query-planning', 0.5]] })).toEqual({
      minDimension: 0.25,
      perDimension: { 'query-planning': 0.5 },
    });
  });
});
