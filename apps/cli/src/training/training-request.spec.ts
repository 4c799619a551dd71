import { UsageError } from '../cli-context';
import {
  type EvalOptions,
  type GrpoOptions,
  type SftOptions,
  evalRequestOf,
  grpoRequestOf,
  modelSourceOf,
  sftRequestOf,
} from './training-request';

const sft = (over: Partial<SftOptions> = {}): SftOptions => ({ data: ['traj-1'], backend: 'local', ...over });
const grpo = (over: Partial<GrpoOptions> = {}): GrpoOptions => ({
  from: 'sft-1',
  envJob: 'env-1',
  split: 'train',
  backend: 'local',
  ...over,
});
const evaluation = (over: Partial<EvalOptions> = {}): EvalOptions => ({
  from: 'sft-1',
  envJob: 'env-1',
  split: 'held-out',
  backend: 'local',
  ...over,
});

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('the starting model of a training job', () => {
  it('is a checkpoint with --from, a hub model with --hub-model, else a scratch model sized by the flags', () => {
    expect(modelSourceOf({ from: 'job-7', backend: 'local' })).toEqual({ kind: 'checkpoint', checkpointId: 'job-7' });
    expect(modelSourceOf({ hubModel: 'Qwen/Qwen3-0.6B', backend: 'kubernetes' })).toEqual({ kind: 'hub', name: 'Qwen/Qwen3-0.6B' });
    expect(modelSourceOf({ backend: 'local', modelWidth: 64, layers: 2 })).toEqual({ kind: 'scratch', width: 64, layers: 2 });
  });

  it('refuses two starting models, and size flags on a model that already has a size', () => {
    expect(usageMessage(() => modelSourceOf({ from: 'a', hubModel: 'b', backend: 'local' }))).toBe(
      'name one starting model: --from or --hub-model',
    );
    expect(usageMessage(() => modelSourceOf({ from: 'a', layers: 4, backend: 'local' }))).toContain('not one given by --from');
  });
});

describe('astra train sft → request', () => {
  it('fills the contract defaults where no option was given', () => {
    const request = sftRequestOf('j1', sft());
    expect(request).toMatchObject({ kind: 'sft', jobId: 'j1', backend: 'local', seed: 0, checkpointEvery: 50, trajectoryJobs: ['traj-1'] });
    expect(request.model).toEqual({ kind: 'scratch', width: 128, layers: 3, heads: 4, context: 512, minWordCount: 2 });
    if (request.kind !== 'sft') throw new Error('not sft');
    expect(request.hyperparameters).toEqual({
      steps: 300,
      batchSize: 16,
      learningRate: 1e-3,
      warmupSteps: 20,
      epochs: 1000,
      includeReasoning: false,
    });
  });

  it('maps every option onto its field', () => {
    const request = sftRequestOf(
      'j2',
      sft({
        data: ['t1', 't2'],
        steps: 40,
        batchSize: 8,
        lr: 0.002,
        warmup: 5,
        epochs: 3,
        includeReasoning: true,
        seed: 7,
        checkpointEvery: 10,
      }),
    );
    if (request.kind !== 'sft') throw new Error('not sft');
    expect(request).toMatchObject({ trajectoryJobs: ['t1', 't2'], seed: 7, checkpointEvery: 10 });
    expect(request.hyperparameters).toEqual({
      steps: 40,
      batchSize: 8,
      learningRate: 0.002,
      warmupSteps: 5,
      epochs: 3,
      includeReasoning: true,
    });
  });

  it('says which field the contract refuses, as a usage error', () => {
    expect(usageMessage(() => sftRequestOf('j3', sft({ modelWidth: 8 })))).toMatch(
      /^the training request is not valid:\n {2}model\.width: /,
    );
    expect(usageMessage(() => sftRequestOf('j3', sft({ lr: 0 })))).toContain('hyperparameters.learningRate');
    expect(usageMessage(() => sftRequestOf('bad id!', sft()))).toContain('jobId');
    expect(usageMessage(() => sftRequestOf('j3', sft({ data: [] })))).toBe('name the data: --data <trajectoryJobId...>');
  });
});

describe('astra train grpo → request', () => {
  it('starts from a checkpoint on the train split, with the rollouts the options give', () => {
    const request = grpoRequestOf(
      'g1',
      grpo({
        envLimit: 12,
        steps: 5,
        lr: 5e-5,
        clipHigh: 0.28,
        groupSize: 4,
        batchSize: 3,
        minRewardStd: 0.05,
        temperature: 0.8,
        maxTurns: 6,
        distractorsPerBand: 0,
      }),
    );
    if (request.kind !== 'grpo') throw new Error('not grpo');
    expect(request.model).toEqual({ kind: 'checkpoint', checkpointId: 'sft-1' });
    expect(request.environments).toEqual({ jobId: 'env-1', split: 'train', limit: 12 });
    expect(request.hyperparameters).toMatchObject({ steps: 5, learningRate: 5e-5, clipLow: 0.2, clipHigh: 0.28 });
    expect(request.hyperparameters.rollouts).toMatchObject({ groupSize: 4, batchSize: 3, minRewardStd: 0.05, reward: 'f1' });
    expect(request.hyperparameters.rollouts.sampling).toEqual({ temperature: 0.8 });
    expect(request.hyperparameters.rollouts.limits.maxTurns).toBe(6);
    expect(request.hyperparameters.rollouts.distractors).toEqual({ perBand: 0, bands: ['high', 'medium', 'low'] });
  });

  it('needs a starting model and a group of at least two episodes', () => {
    expect(usageMessage(() => grpoRequestOf('g2', grpo({ from: undefined })))).toContain('a grpo job starts from a model: --from');
    expect(usageMessage(() => grpoRequestOf('g2', grpo({ groupSize: 1 })))).toContain('hyperparameters.rollouts.groupSize');
  });
});

describe('astra train eval → request', () => {
  it('runs greedy on the held-out split by default', () => {
    const request = evalRequestOf('e1', evaluation());
    if (request.kind !== 'eval') throw new Error('not eval');
    expect(request.environments).toEqual({ jobId: 'env-1', split: 'held-out' });
    expect(request.settings).toMatchObject({ samples: 1, sampling: { temperature: 0 } });
  });

  it('takes samples, temperature and turns from the options', () => {
    const request = evalRequestOf(
      'e2',
      evaluation({ samples: 3, temperature: 0.5, maxTurns: 8, distractorsPerBand: 2, hubModel: undefined, backend: 'kubernetes' }),
    );
    if (request.kind !== 'eval') throw new Error('not eval');
    expect(request.backend).toBe('kubernetes');
    expect(request.settings).toMatchObject({
      samples: 3,
      sampling: { temperature: 0.5 },
      limits: { maxTurns: 8 },
      distractors: { perBand: 2 },
    });
    expect(usageMessage(() => evalRequestOf('e3', evaluation({ from: undefined })))).toContain('an eval job starts from a model');
  });
});
