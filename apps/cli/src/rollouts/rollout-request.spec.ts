import { RolloutBatchRequestSchema } from '@astra/contracts';
import { UsageError } from '../cli-context';
import { type RolloutRunOptions, rolloutRequestOf } from './rollout-request';

const defaults: RolloutRunOptions = {
  policy: 'oracle',
  groupSize: 8,
  batchSize: 4,
  delta: 0,
  reward: 'f1',
  maxTurns: 32,
  maxCallsPerTurn: 32,
  distractorsPerBand: 1,
  seed: 0,
  buffer: true,
  logprobs: true,
};

describe('rolloutRequestOf', () => {
  it('makes an oracle batch over an env-compiler job split that the contract accepts', () => {
    const request = rolloutRequestOf('j1', { ...defaults, envJob: 'quickstart-env', split: 'train', limit: 5, noise: 0.1, buffer: false });
    const parsed = RolloutBatchRequestSchema.parse(request);
    expect(parsed.environments).toEqual({ jobId: 'quickstart-env', split: 'train', limit: 5 });
    expect(parsed.policy).toEqual({ kind: 'oracle', version: 'oracle', noise: 0.1 });
    expect(parsed).toMatchObject({
      groupSize: 8,
      batchSize: 4,
      minRewardStd: 0,
      useBuffer: false,
      limits: { maxTurns: 32, maxCallsPerTurn: 32 },
    });
    expect(parsed.distractors).toEqual({ perBand: 1, bands: ['high', 'medium', 'low'] });
  });

  it('makes an endpoint batch whose version defaults to the model', () => {
    const request = rolloutRequestOf('j2', {
      ...defaults,
      env: ['a'.repeat(64)],
      policy: 'http://127.0.0.1:8000/v1',
      model: 'qwen',
      temperature: 0.7,
    });
    expect(RolloutBatchRequestSchema.parse(request).policy).toMatchObject({
      kind: 'endpoint',
      baseUrl: 'http://127.0.0.1:8000/v1',
      model: 'qwen',
      version: 'qwen',
      params: { temperature: 0.7 },
      logprobs: true,
    });
    const plain = rolloutRequestOf('j3', {
      ...defaults,
      env: ['a'.repeat(64)],
      policy: 'http://127.0.0.1:8000/v1',
      model: 'm',
      logprobs: false,
    });
    expect(RolloutBatchRequestSchema.parse(plain).policy).toMatchObject({ kind: 'endpoint', logprobs: false });
  });

  it.each([
    [{}, /--env <ids...> or --env-job/],
    [{ env: ['a'.repeat(64)], envJob: 'j' }, /--env <ids...> or --env-job/],
    [{ env: ['a'.repeat(64)], split: 'train' as const }, /--split belongs to --env-job/],
    [{ envJob: 'j', policy: 'ftp://x' }, /--policy is oracle or the base URL/],
    [{ envJob: 'j', policy: 'http://x/v1' }, /needs --model/],
    [{ envJob: 'j', policy: 'http://x/v1', model: 'm', noise: 0.2 }, /--noise is for the oracle/],
    [{ envJob: 'j', model: 'm' }, /--model and --temperature are for an endpoint/],
  ])('refuses options that do not fit together (%o)', (over, message) => {
    const make = () => rolloutRequestOf('j', { ...defaults, ...over });
    expect(make).toThrow(UsageError);
    expect(make).toThrow(message);
  });
});
