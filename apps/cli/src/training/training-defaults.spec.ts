import { EvalSettingsSchema, GrpoHyperparametersSchema, ScratchModelSchema, SftHyperparametersSchema } from '@astra/contracts';
import { EVAL, GRPO, SCRATCH, SFT } from './training-defaults';

describe('the defaults the train help shows', () => {
  it('are the contract defaults', () => {
    expect(ScratchModelSchema.parse({ kind: 'scratch' })).toEqual({ kind: 'scratch', ...SCRATCH });
    expect(SftHyperparametersSchema.parse({})).toMatchObject(SFT);
    const grpo = GrpoHyperparametersSchema.parse({});
    const { rollouts, ...rest } = GRPO;
    expect(grpo).toMatchObject(rest);
    expect({
      groupSize: grpo.rollouts.groupSize,
      batchSize: grpo.rollouts.batchSize,
      minRewardStd: grpo.rollouts.minRewardStd,
      temperature: grpo.rollouts.sampling.temperature,
      maxTurns: grpo.rollouts.limits.maxTurns,
      distractorsPerBand: grpo.rollouts.distractors.perBand,
    }).toEqual(rollouts);
    const evaluation = EvalSettingsSchema.parse({});
    expect({
      samples: evaluation.samples,
      temperature: evaluation.sampling.temperature,
      maxTurns: evaluation.limits.maxTurns,
      distractorsPerBand: evaluation.distractors.perBand,
    }).toEqual(EVAL);
  });
});
