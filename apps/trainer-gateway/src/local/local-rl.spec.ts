import { readFileSync } from 'node:fs';
import { type EpisodeRecord, TrainingJobRequestSchema } from '@astra/contracts';
import { FakeWorkerLauncher } from '../../test/support/fake-worker';
import { type FakeBus, gatewayHarness } from '../../test/support/gateway-harness';

const FIRST = { deliveryCount: 1, lastDelivery: false };
const ENVS = ['a', 'b', 'c'].map((c) => c.repeat(64));

function episode(jobId: string, group: number, sample: number, reward: number | null, correct = false): EpisodeRecord {
  return {
    id: `${group}${sample}`.padStart(32, '0'),
    jobId,
    groupIndex: group,
    sample,
    environmentId: ENVS[group % ENVS.length]!,
    policy: { kind: 'endpoint', model: 'm', version: 'v' },
    seed: 1,
    status: reward === null ? 'failed-infrastructure' : 'completed',
    stop: reward === null ? 'infrastructure' : 'answered',
    tools: [],
    distractors: [],
    messages: [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'a' },
    ],
    turns: [
      {
        index: 0,
        content: 'a',
        reasoning: null,
        callIds: [],
        finishReason: 'stop',
        usage: { inputTokens: 1, outputTokens: 1 },
        latencyMs: 1,
        tokens: { promptTokenIds: [1], tokenIds: [2], logprobs: [-0.5] },
      },
    ],
    calls:
      sample === 0
        ? []
        : [
            {
              id: 'c',
              turn: 0,
              tool: 't',
              arguments: {},
              rawArguments: '{}',
              distractor: false,
              status: 'ok',
              observation: 'o',
              resultText: 'r',
              durationMs: 1,
            },
          ],
    ...(reward === null
      ? {}
      : {
          reward: {
            kind: 'f1',
            reward,
            recall: reward,
            precision: reward,
            subTasks: 1,
            solved: [],
            calls: sample,
            finalAnswerCorrect: correct,
          },
        }),
    timings: { startedAt: 'x', wallMs: 1, policyMs: 1, toolMs: 1 },
  };
}

/** A rollout broker that finishes every batch on its first status poll with two groups of two episodes. */
function fakeBroker(bus: FakeBus) {
  const summary = {
    policyVersion: 'v',
    groupSize: 2,
    batchSize: 2,
    groups: [],
    generated: 2,
    dropped: 0,
    infrastructure: 0,
    carriedIn: 0,
    carriedOut: 0,
    episodes: 4,
    failedInfrastructure: 0,
    rewardMean: 0.5,
    rewardStd: 0.5,
    validRatio: 1,
    callsPerEpisode: 0.5,
    complete: true,
  };
  bus.responders.set('rollout-broker.job.status', (p: { jobId: string }) => ({
    jobId: p.jobId,
    status: 'completed',
    progress: { done: 2, total: 2 },
    attempts: 1,
    batch: summary,
  }));
  bus.responders.set('rollout-broker.batch.groups', (p: { jobId: string; cursor?: string }) => {
    const group = p.cursor ? 1 : 0;
    const episodes = [episode(p.jobId, group, 0, 0), episode(p.jobId, group, 1, 1, true)];
    return {
      groups: [
        {
          group: {
            id: `${p.jobId}:${group}`,
            jobId: p.jobId,
            groupIndex: group,
            environmentId: ENVS[group],
            policyVersion: 'v',
            state: 'valid',
            rewards: [0, 1],
            mean: 0.5,
            std: 0.5,
            episodeIds: [],
          },
          episodes,
        },
      ],
      ...(p.cursor ? {} : { nextCursor: 'more' }),
    };
  });
}

async function withSftCheckpoint(launcher = new FakeWorkerLauncher()) {
  const harness = await gatewayHarness(launcher);
  const line = JSON.stringify({
    messages: [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'a' },
    ],
  });
  harness.bus.responders.set('trajectory-synth.trajectory.export', () => ({ records: [{ split: 'train', line }] }));
  fakeBroker(harness.bus);
  const gateway = harness.instance();
  const sft = {
    kind: 'sft',
    jobId: 'sft',
    model: { kind: 'scratch' },
    trajectoryJobs: ['t'],
    checkpointEvery: 10,
    hyperparameters: { steps: 2 },
  };
  await gateway.run.execute(TrainingJobRequestSchema.parse(sft), FIRST);
  return { harness, gateway, launcher };
}

describe('local GRPO and evaluation', () => {
  it('runs GRPO steps on broker batches of the served policy, with metrics, versions and checkpoint lineage', async () => {
    const { harness, gateway, launcher } = await withSftCheckpoint();
    try {
      const grpo = {
        kind: 'grpo',
        jobId: 'rl',
        model: { kind: 'checkpoint', checkpointId: 'sft' },
        environments: { ids: ENVS },
        checkpointEvery: 2,
        hyperparameters: { steps: 3, rollouts: { groupSize: 2, batchSize: 2, sampling: { temperature: 0.7 } } },
      };
      await gateway.run.execute(TrainingJobRequestSchema.parse(grpo), FIRST);
      const { job } = await gateway.queries.show('rl');
      expect(job).toMatchObject({ status: 'completed', step: 3 });
      expect(job.metrics[0]).toMatchObject({
        step: 1,
        loss: 0.25,
        rewardMean: 0.5,
        rewardStd: 0.5,
        validGroupRatio: 1,
        callsPerEpisode: 0.5,
        tokensPerSecond: 800,
        clipFraction: 0.1,
      });
      const sftCheckpoint = (await gateway.queries.show('sft')).job.checkpoints.at(-1)!;
      expect(job.checkpoints.map((c) => [c.step, c.parentId])).toEqual([
        [2, sftCheckpoint.id],
        [3, job.checkpoints[0]!.id],
      ]);
      expect(job.checkpoints[0]!.dataHashes).toHaveLength(2);
      const batches = harness.bus.payloadsOf('rollout-broker.batch.requested');
      expect(batches.map((b) => [b.jobId, b.policy.version])).toEqual([
        ['rl.rollouts.step-1', 'rl@0'],
        ['rl.rollouts.step-2', 'rl@1'],
        ['rl.rollouts.step-3', 'rl@2'],
      ]);
      expect(batches[0]).toMatchObject({
        policy: { kind: 'endpoint', baseUrl: 'http://127.0.0.1:40001/v1', params: { temperature: 0.7 }, logprobs: true },
        useBuffer: false,
        groupSize: 2,
      });
      const steps = launcher.calls.filter((c) => c.op === 'grpo_step');
      expect(steps.map((c) => c.args['version'])).toEqual(['rl@1', 'rl@2', 'rl@3']);
      const lines = readFileSync(steps[0]!.args['batch'] as string, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toHaveLength(4);
      expect(lines[1]).toMatchObject({
        group: 'rl.rollouts.step-1:0',
        reward: 1,
        turns: [{ promptTokenIds: [1], tokenIds: [2], logprobs: [-0.5] }],
      });
      expect(launcher.calls.filter((c) => c.op === 'set_version').map((c) => c.args['version'])).toEqual(['rl@1', 'rl@2', 'rl@3']);
    } finally {
      await harness.close();
    }
  });

  it('restarts a GRPO worker that died from the newest checkpoint, reusing the batch of the step it redoes', async () => {
    const { harness, gateway, launcher } = await withSftCheckpoint(new FakeWorkerLauncher({ dieAtGrpoCall: 2 }));
    try {
      const grpo = {
        kind: 'grpo',
        jobId: 'rl-die',
        model: { kind: 'checkpoint', checkpointId: 'sft' },
        environments: { ids: ENVS },
        checkpointEvery: 1,
        hyperparameters: { steps: 3 },
      };
      await gateway.run.execute(TrainingJobRequestSchema.parse(grpo), FIRST);
      const { job } = await gateway.queries.show('rl-die');
      expect(job).toMatchObject({ status: 'completed', step: 3, worker: { restarts: 1 } });
      expect(job.metrics.map((m) => m.step)).toEqual([1, 2, 3]);
      expect(job.checkpoints.map((c) => c.step)).toEqual([1, 2, 3]);
      // The restarted worker serves the step-1 checkpoint as version rl-die@1 and redoes step 2 on the same batch.
      const restarted = launcher.calls.filter((c) => c.worker === launcher.workers.length - 1);
      expect(restarted.find((c) => c.op === 'serve')!.args['version']).toBe('rl-die@1');
      expect(harness.bus.payloadsOf('rollout-broker.batch.requested').map((b) => b.jobId)).toEqual([
        'rl-die.rollouts.step-1',
        'rl-die.rollouts.step-2',
        'rl-die.rollouts.step-3',
      ]);
      expect(launcher.grpoCalls).toBe(4);
    } finally {
      await harness.close();
    }
  });

  it('evaluates a checkpoint on every environment of a set once, greedily, and reports its figures', async () => {
    const { harness, gateway } = await withSftCheckpoint();
    harness.bus.responders.set('env-compiler.environment.list', () => ({ environments: ENVS.map((id) => ({ id })) }));
    try {
      const evaluation = {
        kind: 'eval',
        jobId: 'ev',
        model: { kind: 'checkpoint', checkpointId: 'sft' },
        environments: { jobId: 'envs', limit: 2 },
      };
      await gateway.run.execute(TrainingJobRequestSchema.parse(evaluation), FIRST);
      const [batch] = harness.bus.payloadsOf('rollout-broker.batch.requested');
      expect(batch).toMatchObject({
        jobId: 'ev.rollouts.eval',
        environments: { ids: ENVS.slice(0, 2) },
        groupSize: 1,
        batchSize: 2,
        maxGroups: 2,
        keepAll: true,
        useBuffer: false,
        policy: { params: { temperature: 0 } },
      });
      const report = await gateway.status.execute('ev');
      expect(report.eval).toMatchObject({
        episodes: 4,
        failedInfrastructure: 0,
        rewardMean: 0.5,
        rewardStd: 0.5,
        solvedRate: 0.5,
        recallMean: 0.5,
        callsPerEpisode: 0.5,
        rolloutJobId: 'ev.rollouts.eval',
      });
      expect(report.checkpointId).toBeUndefined();
      expect(harness.bus.payloadsOf('trainer-gateway.job.finished').at(-1)).toMatchObject({
        jobId: 'ev',
        status: 'completed',
        eval: { solvedRate: 0.5 },
      });
    } finally {
      await harness.close();
    }
  });

  it('refuses GRPO from a scratch model and an unknown checkpoint, for good', async () => {
    const { harness, gateway } = await withSftCheckpoint();
    try {
      const base = { kind: 'grpo', environments: { ids: ENVS } };
      await gateway.run.execute(TrainingJobRequestSchema.parse({ ...base, jobId: 'rl-scratch', model: { kind: 'scratch' } }), FIRST);
      await gateway.run.execute(
        TrainingJobRequestSchema.parse({ ...base, jobId: 'rl-none', model: { kind: 'checkpoint', checkpointId: 'missing' } }),
        FIRST,
      );
      expect((await harness.records.row('rl-scratch')).error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((await harness.records.row('rl-none')).error).toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await harness.close();
    }
  });
});
