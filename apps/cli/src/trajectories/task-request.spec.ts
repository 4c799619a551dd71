import { TaskGenerationRequestSchema } from '@astra/contracts';
import { UsageError } from '../cli-context';
import { type TaskGenerateOptions, taskRequestOf } from './task-request';

const defaults: TaskGenerateOptions = {
  from: 'environments',
  envJob: 'quickstart-env',
  count: 20,
  strategy: 'auto',
  diverse: 0,
  complicate: 0,
  persona: 0,
  seed: 0,
};

describe('taskRequestOf', () => {
  it('makes an environment request that the contract accepts, keeping the default thresholds', () => {
    const parsed = TaskGenerationRequestSchema.parse(taskRequestOf('t1', { ...defaults, split: 'train', limit: 5 }));
    expect(parsed.input).toEqual({ kind: 'environments', jobId: 'quickstart-env', split: 'train', limit: 5 });
    expect(parsed.thresholds).toEqual({
      questionQuality: 0.5,
      scenarioRealism: 0.5,
      toolUseNecessity: 0.5,
      toolSelectionDifficulty: 0,
      uniqueness: 0.25,
    });
    expect(parsed).toMatchObject({ jobId: 't1', count: 20, strategy: 'auto', seed: 0 });
    expect(parsed.language).toBeUndefined(); // the tools' own, detected by the service
  });

  it('sends the given thresholds and augmentation counts, and server inputs', () => {
    const request = taskRequestOf('t2', {
      ...defaults,
      from: 'servers',
      envJob: undefined,
      servers: ['memory', 'filesystem'],
      toolsPerTask: 4,
      strategy: 'llm',
      diverse: 2,
      persona: 1,
      minRealism: 0.75,
      minUniqueness: 0.5,
      language: 'zh',
    });
    const parsed = TaskGenerationRequestSchema.parse(request);
    expect(parsed.input).toEqual({ kind: 'servers', servers: ['memory', 'filesystem'], toolsPerTask: 4 });
    expect(parsed.augment).toEqual({ diverse: 2, complicate: 0, persona: 1 });
    expect(parsed.thresholds).toMatchObject({ scenarioRealism: 0.75, uniqueness: 0.5, questionQuality: 0.5 });
    expect(parsed.language).toBe('zh');
  });

  it('draws chains from every server, or only the named ones', () => {
    expect(taskRequestOf('t3', { ...defaults, from: 'chains', envJob: undefined }).input).toEqual({ kind: 'chains' });
    expect(taskRequestOf('t3', { ...defaults, from: 'chains', envJob: undefined, servers: ['git'] }).input).toEqual({
      kind: 'chains',
      servers: ['git'],
    });
  });

  it.each([
    [{ envJob: undefined }, /--from environments needs --env-job/],
    [{ servers: ['x'] }, /--servers does not belong to --from environments/],
    [{ from: 'servers' as const, envJob: undefined }, /--from servers needs --servers/],
    [{ from: 'servers' as const, servers: ['x'] }, /--env-job does not belong to --from servers/],
    [{ from: 'chains' as const, envJob: undefined, split: 'train' as const }, /--split does not belong to --from chains/],
    [{ strategy: 'template' as const, diverse: 1 }, /augmentation .* needs the llm strategy/],
  ])('refuses options that do not fit together (%o)', (over, message) => {
    const make = () => taskRequestOf('t', { ...defaults, ...over });
    expect(make).toThrow(UsageError);
    expect(make).toThrow(message);
  });
});
