import { TrainingJobRequestSchema, type TrainingJobRequestInput } from '@astra/contracts';
import { parse } from 'yaml';
import { buildTrainerPlan, sftConfigFor, verlOverridesFor, verlToolConfigFor } from './trainer-plan';

const settings = { outputUri: '/mnt/ckpt/job', gpus: 4, sandboxUrl: 'http://verifier:3004/run_code' };
const parseRequest = (input: TrainingJobRequestInput) => TrainingJobRequestSchema.parse(input);
const hub = { kind: 'hub' as const, name: 'org/model' };

describe('trainer plans', () => {
  it('writes verl overrides from the GRPO request, with a ++ only on keys older verl lacks', () => {
    const request = parseRequest({
      kind: 'grpo',
      jobId: 'g',
      model: hub,
      seed: 11,
      environments: { ids: ['a'.repeat(64)] },
      hyperparameters: { steps: 5, learningRate: 3e-6, clipLow: 0.1, clipHigh: 0.3, rollouts: { groupSize: 4, batchSize: 32 } },
    });
    if (request.kind !== 'grpo') throw new Error('grpo');
    const overrides = verlOverridesFor(request, settings);
    const byKey = new Map(overrides.map((o) => o.split(/=(.*)/s).slice(0, 2) as [string, string]));

    expect(byKey.get('actor_rollout_ref.rollout.n')).toBe('4');
    expect(byKey.get('data.train_batch_size')).toBe('32');
    expect(byKey.get('actor_rollout_ref.actor.optim.lr')).toBe('0.000003');
    expect(byKey.get('actor_rollout_ref.actor.clip_ratio_low')).toBe('0.1');
    expect(byKey.get('actor_rollout_ref.actor.clip_ratio_high')).toBe('0.3');
    expect(byKey.get('++data.seed')).toBe('11');
    expect(byKey.get('trainer.default_local_dir')).toBe('/mnt/ckpt/job');
    expect(byKey.get('trainer.n_gpus_per_node')).toBe('4');
    expect(byKey.get('actor_rollout_ref.rollout.multi_turn.max_assistant_turns')).toBe('32');
    expect(overrides.filter((o) => o.startsWith('+'))).toEqual(['++data.seed=11']);
    const tool = verlToolConfigFor(request, settings) as { tools: { config: { default_timeout: number } }[] };
    expect(tool.tools[0]?.config.default_timeout).toBe(5);
  });

  it('splits the SFT batch over the GPUs and writes in place to a path output', () => {
    const request = parseRequest({ kind: 'sft', jobId: 's', model: hub, trajectoryJobs: ['t'], hyperparameters: { batchSize: 10 } });
    if (request.kind !== 'sft') throw new Error('sft');
    expect(sftConfigFor(request, settings)).toMatchObject({ per_device_train_batch_size: 2, output_dir: '/mnt/ckpt/job', bf16: true });
    const plan = buildTrainerPlan(request, settings);
    expect(parse(plan.files['sft.yaml'] ?? '')).toMatchObject({ model_name_or_path: 'org/model', max_steps: 300 });
    expect(plan.files['run.sh']).not.toContain('aws s3');
    expect(buildTrainerPlan(request, { ...settings, outputUri: "s3://b/it's" }).files['run.sh']).toContain(`'s3://b/it'\\''s'`);
  });

  it('refuses eval jobs, scratch models and checkpoints', () => {
    const evalJob = parseRequest({ kind: 'eval', jobId: 'e', model: hub, environments: { jobId: 'x' } });
    expect(() => buildTrainerPlan(evalJob, settings)).toThrow(/eval jobs do not run on kubernetes/);
    const scratch = parseRequest({ kind: 'sft', jobId: 's', model: { kind: 'scratch' }, trajectoryJobs: ['t'] });
    expect(() => buildTrainerPlan(scratch, settings)).toThrow(/start from a hub model.*not "scratch"/);
    const checkpoint = parseRequest({ kind: 'sft', jobId: 's', model: { kind: 'checkpoint', checkpointId: 'c' }, trajectoryJobs: ['t'] });
    expect(() => buildTrainerPlan(checkpoint, settings)).toThrow(/not "checkpoint"/);
  });
});
