import { bucketMeans, chunkMeans, sparkline } from './sparkline';
import { renderRewardCurve, renderTrainingSummary } from './training-render';
import { CHECKPOINT_A, CHECKPOINT_B, checkpoint, jobRecord, step } from './training-records.fixture';

describe('sparkline', () => {
  it('draws the lowest value lowest and the highest highest, and a flat series flat', () => {
    expect(sparkline([0, 0.5, 1])).toBe('▁▅█');
    expect(sparkline([3, 3, 3])).toBe('▁▁▁');
    expect(sparkline([])).toBe('');
  });

  it('draws a long series as the means of consecutive buckets', () => {
    expect(bucketMeans([1, 3, 5, 7], 2)).toEqual([2, 6]);
    expect(chunkMeans([1, 3, 5, 7, 9], 2)).toEqual([2, 6, 9]);
    expect(
      sparkline(
        Array.from({ length: 1000 }, (_, i) => i),
        10,
      ),
    ).toHaveLength(10);
  });
});

describe('the summary of astra train', () => {
  it('sft: final loss, validation loss, mean tokens/s and the last checkpoint', () => {
    const text = renderTrainingSummary(
      jobRecord('sft', {
        step: 20,
        totalSteps: 20,
        metrics: [step(10, { loss: 2.5, tokensPerSecond: 1000 }), step(20, { loss: 1.25, validationLoss: 1.5, tokensPerSecond: 3000 })],
        checkpoints: [checkpoint(), checkpoint({ id: CHECKPOINT_B, step: 20, version: 'sft-1@20', parentId: CHECKPOINT_A })],
      }),
    );
    expect(text.split('\n')).toEqual([
      'sft job sft-1 (local): completed at step 20/20',
      'final loss 1.250 (step 20), validation loss 1.500 (step 20), 2000 tokens/s',
      `checkpoint ${CHECKPOINT_B} (step 20, version sft-1@20)`,
    ]);
  });

  it('grpo: the reward curve, one value per step', () => {
    const metrics = [0.1, 0.2, 0.4, 0.35].map((r, i) => step(i + 1, { loss: 0.01, rewardMean: r }));
    const text = renderTrainingSummary(jobRecord('grpo', { step: 4, totalSteps: 4, metrics }));
    expect(text).toContain('reward mean');
    expect(text).toContain('per step: 0.10 0.20 0.40 0.35');
    expect(text).toContain('no checkpoint written');
  });

  it('grpo: a long curve is compacted into bucket means', () => {
    const metrics = Array.from({ length: 9 }, (_, i) => step(i + 1, { rewardMean: i < 3 ? 0 : i < 6 ? 0.5 : 1 }));
    const [, perStep] = renderRewardCurve(metrics, 4);
    expect(perStep).toBe('  per 3 steps (means): 0.00 0.50 1.00');
    const [, uneven] = renderRewardCurve(metrics.slice(0, 7), 3);
    expect(uneven).toBe('  per 3 steps (means): 0.00 0.50 1.00');
  });

  it('eval: episodes, mean F1 ± std, solved rate, recall, calls per episode', () => {
    const text = renderTrainingSummary(
      jobRecord('eval', {
        eval: {
          checkpointId: CHECKPOINT_B,
          episodes: 20,
          failedInfrastructure: 2,
          rewardMean: 0.625,
          rewardStd: 0.125,
          solvedRate: 0.4,
          recallMean: 0.7,
          callsPerEpisode: 4,
          rolloutJobId: 'r1',
        },
      }),
    );
    expect(text.split('\n')).toEqual([
      'eval job eval-1 (local): completed at step 0/0',
      `episodes: 20 (2 lost to infrastructure), checkpoint ${CHECKPOINT_B}, rollouts in job r1`,
      'mean F1 reward 0.625 ± 0.125, solved 40.0%, recall 0.700, 4.0 calls per episode',
    ]);
  });

  it('a failed job says why', () => {
    const text = renderTrainingSummary(
      jobRecord('sft', { status: 'failed', error: { code: 'NOT_FOUND', message: 'no trajectory job traj-1' } }),
    );
    expect(text).toContain('error: NOT_FOUND: no trajectory job traj-1');
    expect(text).toContain('no loss recorded');
  });
});
