import type { TrainingJobSummary } from '@astra/contracts';
import { renderJobList, renderJobRecord } from './jobs-render';
import { CHECKPOINT_A, CHECKPOINT_B, checkpoint, jobRecord, step } from './training-records.fixture';
import { sparkline } from './sparkline';

const rowsOf = (text: string) => text.split('\n').map((line) => line.trim().split(/\s{2,}/));

describe('astra jobs ls', () => {
  it('shows one row per job with its step, and the reward of an RL step or the loss of an SFT step', () => {
    const jobs: TrainingJobSummary[] = [
      {
        id: 'grpo-1',
        kind: 'grpo',
        backend: 'local',
        status: 'running',
        step: 3,
        totalSteps: 20,
        last: step(3, { loss: 0.1, rewardMean: 0.4567 }),
        createdAt: 't2',
      },
      {
        id: 'sft-1',
        kind: 'sft',
        backend: 'kubernetes',
        status: 'completed',
        step: 300,
        totalSteps: 300,
        last: step(300, { loss: 1.23456 }),
        createdAt: 't1',
      },
      { id: 'eval-1', kind: 'eval', backend: 'local', status: 'queued', step: 0, totalSteps: 0, createdAt: 't0' },
    ];
    const rows = rowsOf(renderJobList(jobs));
    expect(rows[0]).toEqual(['ID', 'KIND', 'BACKEND', 'STATUS', 'STEP', 'LAST', 'CREATED']);
    expect(rows[1]).toEqual(['grpo-1', 'grpo', 'local', 'running', '3/20', 'reward 0.457', 't2']);
    expect(rows[2]).toEqual(['sft-1', 'sft', 'kubernetes', 'completed', '300/300', 'loss 1.235', 't1']);
    expect(rows[3]).toEqual(['eval-1', 'eval', 'local', 'queued', '0/0', '-', 't0']);
    expect(rows[4]).toEqual(['3 job(s)']);
  });
});

describe('astra jobs show', () => {
  const grpo = jobRecord('grpo', {
    status: 'running',
    step: 3,
    totalSteps: 4,
    startedAt: '2026-12-01T03:00:01Z',
    worker: { pid: 4242, restarts: 1 },
    policyUrl: 'http://127.0.0.1:8765/v1',
    metrics: [
      step(1, { loss: 0.5, rewardMean: 0.1, rewardStd: 0.2, validGroupRatio: 0.5, tokensPerSecond: 900 }),
      step(2, { loss: 0.4, rewardMean: 0.3, rewardStd: 0.25, validGroupRatio: 1, tokensPerSecond: 1000 }),
      step(3, { loss: 0.3, rewardMean: 0.5, rewardStd: 0.1, validGroupRatio: 0.75, tokensPerSecond: 1100 }),
    ],
    checkpoints: [
      checkpoint({ id: CHECKPOINT_B, jobId: 'grpo-1', kind: 'grpo', step: 2, version: 'grpo-1@2', parentId: CHECKPOINT_A }),
      checkpoint({
        id: 'e'.repeat(32),
        jobId: 'grpo-1',
        kind: 'grpo',
        step: 3,
        version: 'grpo-1@3',
        parentId: CHECKPOINT_B,
        location: { kind: 'uri', uri: 's3://ckpt/grpo-1/3' },
      }),
    ],
    logTail: ['step 3 loss 0.3'],
  });

  it('shows the request, worker and policy server', () => {
    const text = renderJobRecord(grpo);
    expect(text).toContain('grpo job grpo-1 (local): running, step 3/4');
    expect(text).toContain(`model checkpoint ${CHECKPOINT_A}, seed 0, checkpoint every 50 step(s)`);
    expect(text).toContain('environments: job env-1 (train)');
    expect(text).toContain('G=4, n=2');
    expect(text).toContain('worker: pid 4242, 1 restart(s), policy server http://127.0.0.1:8765/v1');
    expect(text).toContain('log (tail):\n  step 3 loss 0.3');
  });

  it('draws each recorded series with its first and last value, and tabulates the newest steps', () => {
    const lines = renderJobRecord(grpo).split('\n');
    const reward = lines.find((line) => line.trim().startsWith('reward mean'));
    expect(reward).toContain(sparkline([0.1, 0.3, 0.5]));
    expect(reward).toContain('0.100 → 0.500 (min 0.100, max 0.500; steps 1-3)');
    expect(lines.find((line) => line.trim().startsWith('loss'))).toContain('0.500 → 0.300');
    // The SFT-only series is absent: no step recorded it.
    expect(lines.some((line) => line.includes('validation loss'))).toBe(false);
    const table = lines.map((line) => line.trim().split(/\s{2,}/));
    expect(table).toContainEqual(['STEP', 'LOSS', 'REWARD', 'STD', 'VALID', 'TOKENS/S']);
    expect(table).toContainEqual(['2', '0.400', '0.300', '0.250', '1.00', '1000']);
  });

  it('lists checkpoints with their parents and locations (lineage)', () => {
    const table = renderJobRecord(grpo)
      .split('\n')
      .map((line) => line.trim().split(/\s{2,}/));
    expect(table).toContainEqual(['ID', 'STEP', 'VERSION', 'PARENT', 'PARAMS', 'LOCATION']);
    expect(table).toContainEqual(['bbbbbbbbbbbb', '2', 'grpo-1@2', 'aaaaaaaaaaaa', '812000', 'artifact checkpoints/sft-1/10.pt']);
    expect(table).toContainEqual(['eeeeeeeeeeee', '3', 'grpo-1@3', 'bbbbbbbbbbbb', '812000', 's3://ckpt/grpo-1/3']);
  });

  it('shows a failed job with its reason, and a job with no step yet', () => {
    const failed = renderJobRecord(jobRecord('sft', { status: 'failed', error: { code: 'INTERNAL', message: 'worker exited with 1' } }));
    expect(failed).toContain('sft job sft-1 (local): failed, step 0/0');
    expect(failed).toContain('error: INTERNAL: worker exited with 1');
    expect(failed).toContain('metrics: no step yet');
    expect(failed).toContain('data: trajectory job(s) traj-1');
    expect(failed).toContain('model scratch (width 128, 3 layers, 4 heads, context 512)');
    expect(failed).not.toContain('checkpoints (');
  });

  it('shows what an evaluation measured', () => {
    const text = renderJobRecord(
      jobRecord('eval', {
        eval: {
          checkpointId: CHECKPOINT_B,
          episodes: 16,
          failedInfrastructure: 0,
          rewardMean: 0.4,
          rewardStd: 0.1,
          solvedRate: 0.25,
          recallMean: 0.5,
          callsPerEpisode: 3.25,
          rolloutJobId: 'eval-1-rollouts',
        },
      }),
    );
    expect(text).toContain('environments: job env-1 (held-out), first 8');
    expect(text).toContain('evaluation:\n  episodes: 16');
    expect(text).toContain('mean F1 reward 0.400 ± 0.100, solved 25.0%, recall 0.500, 3.3 calls per episode');
  });
});
