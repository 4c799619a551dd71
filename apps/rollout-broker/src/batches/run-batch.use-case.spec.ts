import {
  BusError,
  type EnvironmentRecord,
  type EpisodeRecord,
  RolloutBatchRequestSchema,
  type RolloutBatchRequestInput,
} from '@astra/contracts';
import {
  ROLLOUT_BROKER_ENTITIES,
  ROLLOUT_BROKER_MIGRATIONS,
  type RolloutBrokerJobRepository,
  RolloutEpisodeRepository,
  RolloutGroupRepository,
} from '@astra/persistence/rollout-broker';
import { InMemoryBus } from '@astra/platform/bus';
import { createTestDatabase } from '@astra/platform/database';
import { InMemoryJobTable, JobRunner, WorkCancellation } from '@astra/platform/jobs';
import type { DataSource } from 'typeorm';
import type { EnvironmentSource } from '../environments/environment-source';
import type { EpisodeInput, EpisodeRunnerPort, Policy, PolicyFactoryPort } from '../episodes/episode.types';
import { RolloutBrokerJobs } from '../jobs/rollout-broker-jobs';
import { loadRolloutBrokerConfig } from '../rollout-broker.config';
import { BatchRecords } from './batch-records';
import { EpisodeLauncher } from './episode-launcher';
import { EpisodeSlots } from './episode-slots';
import { BatchRunServices, RunBatchUseCase } from './run-batch.use-case';

const ENVS = ['a', 'b', 'c'].map((c) => c.repeat(64));
const FIRST = { deliveryCount: 1, lastDelivery: false };

/** What the fake runner makes of an episode: a reward, an infrastructure failure, or a stop (service shutting down). */
type Outcome = number | 'infra' | 'stop';

/** A runner whose episodes end after a few turns of the event loop with the outcome `decide` gives; it counts what ran. */
class FakeRunner implements EpisodeRunnerPort {
  readonly ran: string[] = [];
  active = 0;
  maxActive = 0;
  constructor(public decide: (input: EpisodeInput) => Outcome) {}

  async run(input: EpisodeInput): Promise<EpisodeRecord> {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      for (let i = 0; i < 3 + (input.sample % 3); i++) await new Promise((resolve) => setImmediate(resolve));
      const outcome = this.decide(input);
      if (outcome === 'stop') throw new BusError('UNAVAILABLE', 'the service is stopping');
      this.ran.push(input.episodeId);
      return episodeRecord(input, outcome);
    } finally {
      this.active--;
    }
  }
}

function episodeRecord(input: EpisodeInput, outcome: number | 'infra'): EpisodeRecord {
  const failed = outcome === 'infra';
  return {
    id: input.episodeId,
    jobId: input.jobId,
    groupIndex: input.groupIndex,
    sample: input.sample,
    environmentId: input.environment.id,
    policy: { kind: 'oracle', version: input.policy.spec.version },
    seed: input.seed,
    status: failed ? 'failed-infrastructure' : 'completed',
    stop: failed ? 'infrastructure' : 'answered',
    ...(failed ? { error: { code: 'SANDBOX_FAULT', message: 'verifier unreachable' } } : {}),
    tools: [],
    distractors: [],
    messages: [],
    turns: [],
    calls: [],
    ...(failed
      ? {}
      : {
          reward: {
            kind: 'f1',
            reward: outcome,
            recall: outcome,
            precision: outcome,
            subTasks: 1,
            solved: [],
            calls: 0,
            finalAnswerCorrect: false,
          },
        }),
    timings: { startedAt: '2026-01-01T00:00:00.000Z', wallMs: 1, policyMs: 0, toolMs: 0 },
  };
}

const environments = {
  resolve: async () => ENVS,
  record: async (id: string) => ({ id, tools: [] }) as unknown as EnvironmentRecord,
  distractors: async () => [],
} as unknown as EnvironmentSource;

const policies: PolicyFactoryPort = {
  create: (spec) => {
    if (spec.kind === 'endpoint') throw new BusError('VALIDATION_FAILED', `policy host ${new URL(spec.baseUrl).hostname} is not allowed`);
    return { spec, turn: async () => Promise.reject(new Error('the fake runner plays no turns')) } satisfies Policy;
  },
};

/** A policy version of its own, so that a test's surplus groups are not carried into another test's batches. */
const OWN_VERSION = { kind: 'oracle' as const, version: 'own' };

/** Alternating rewards: every group has spread. */
const spread = (input: EpisodeInput): Outcome => (input.sample % 2 === 0 ? 1 : 0);

describe('RunBatchUseCase', () => {
  const db = createTestDatabase('sqlite', {
    service: 'rollout-broker',
    entities: ROLLOUT_BROKER_ENTITIES,
    migrations: ROLLOUT_BROKER_MIGRATIONS,
  });
  let dataSource: DataSource;
  beforeAll(async () => (dataSource = await db.open()));
  afterAll(() => db.cleanup());

  function broker(runner: FakeRunner, env: Record<string, string> = {}) {
    const config = loadRolloutBrokerConfig({ ASTRA_INSECURE_LOCAL_BUS: 'true', ROLLOUT_MAX_EPISODES: '4', ...env });
    const bus = new InMemoryBus({ service: 'rollout-broker' });
    const jobs = new RolloutBrokerJobs(
      new JobRunner(new WorkCancellation()),
      new InMemoryJobTable() as unknown as RolloutBrokerJobRepository,
    );
    const records = new BatchRecords(new RolloutEpisodeRepository(dataSource), new RolloutGroupRepository(dataSource));
    const launcher = new EpisodeLauncher(environments, runner, new EpisodeSlots(config));
    const useCase = new RunBatchUseCase(jobs, new BatchRunServices(records, launcher, bus, config), environments, policies);
    const run = (input: Partial<RolloutBatchRequestInput> & { jobId: string }, delivery = FIRST) =>
      useCase.execute(
        RolloutBatchRequestSchema.parse({
          environments: { ids: ENVS },
          policy: { kind: 'oracle', version: 'v1' },
          groupSize: 4,
          batchSize: 2,
          ...input,
        }),
        delivery,
      );
    return { run, bus, jobs, episodes: new RolloutEpisodeRepository(dataSource) };
  }

  it('drops groups without reward spread and refills until batchSize valid groups are handed over', async () => {
    // Odd groups all score 0.5: no spread.
    const runner = new FakeRunner((input) => (input.groupIndex % 2 === 1 ? 0.5 : spread(input)));
    const { run, bus } = broker(runner);
    const report = await run({ jobId: 'refill', batchSize: 3, useBuffer: false });
    const batch = report.batch!;
    expect(report.status).toBe('completed');
    expect(batch.groups).toHaveLength(3);
    expect(batch.complete).toBe(true);
    expect(batch.groups.every((g) => g.std > 0)).toBe(true);
    expect(batch.dropped).toBeGreaterThanOrEqual(2);
    expect(batch.generated).toBe(batch.dropped + 3 + batch.carriedOut);
    expect(batch.episodes).toBe(batch.generated * 4);
    expect(batch.validRatio).toBeCloseTo((3 + batch.carriedOut) / (3 + batch.carriedOut + batch.dropped));
    const progress = bus.payloadsOf('rollout-broker.batch.progress');
    expect(progress).toHaveLength(batch.generated);
    expect(progress.at(-1)).toMatchObject({ jobId: 'refill', valid: 3, batchSize: 3 });
  });

  it('completes a batch whose progress events cannot be sent (they are best effort)', async () => {
    const { run, bus } = broker(new FakeRunner(spread));
    const publish = bus.publish.bind(bus);
    jest
      .spyOn(bus, 'publish')
      .mockImplementation((key, payload, options) =>
        key === 'rollout-broker.batch.progress'
          ? Promise.reject(new BusError('UNAVAILABLE', 'NATS is down'))
          : publish(key, payload, options),
      );
    const report = await run({ jobId: 'no-events', batchSize: 2, useBuffer: false });
    expect(report).toMatchObject({ status: 'completed', attempts: 1, batch: { complete: true } });
    expect(report.batch!.groups).toHaveLength(2);
  });

  it('counts a group only when its reward spread exceeds delta (minRewardStd)', async () => {
    // Even groups score 0.55 and 0.45 (std 0.05); odd groups 1 and 0 (std 0.5).
    const runner = new FakeRunner((input) => (input.groupIndex % 2 === 0 ? 0.45 + 0.1 * Number(input.sample % 2 === 0) : spread(input)));
    const { run } = broker(runner);
    const batch = (await run({ jobId: 'delta', batchSize: 2, minRewardStd: 0.1, useBuffer: false, policy: OWN_VERSION })).batch!;
    expect(batch.groups.map((g) => [g.id, g.std])).toEqual([
      ['delta:1', 0.5],
      ['delta:3', 0.5],
    ]);
    expect(batch.dropped).toBeGreaterThanOrEqual(2);
  });

  it('counts a group with a failed-infrastructure episode as infrastructure, not as dropped, and never hands it over', async () => {
    const runner = new FakeRunner((input) => (input.groupIndex === 0 && input.sample === 1 ? 'infra' : spread(input)));
    const { run, episodes } = broker(runner);
    const batch = (await run({ jobId: 'lost', batchSize: 2, useBuffer: false, policy: OWN_VERSION })).batch!;
    expect(batch).toMatchObject({ infrastructure: 1, dropped: 0, failedInfrastructure: 1, complete: true });
    expect(batch.groups.map((g) => g.id)).not.toContain('lost:0');
    expect(batch.generated).toBe(1 + 2 + batch.carriedOut);
    const failed = (await episodes.ofJob('lost')).filter((e) => e.status === 'failed-infrastructure');
    expect(failed.map((e) => [e.groupIndex, e.sample, e.reward])).toEqual([[0, 1, null]]);
  });

  it('hands over the first valid groups, buffers the surplus, and carries it into the next batch of the same version only', async () => {
    // The first group has no spread: the valid share halves, so two groups run at once for the one still needed.
    const runner = new FakeRunner((input) => (input.jobId === 'surplus-1' && input.groupIndex === 0 ? 1 : spread(input)));
    const { run } = broker(runner, { ROLLOUT_MAX_EPISODES: '8' });
    const first = (await run({ jobId: 'surplus-1', batchSize: 1, groupSize: 2 })).batch!;
    expect(first.groups).toHaveLength(1);
    expect(first).toMatchObject({ generated: 3, dropped: 1, carriedOut: 1 });

    const other = (await run({ jobId: 'surplus-v2', batchSize: 1, groupSize: 2, policy: { kind: 'oracle', version: 'v2' } })).batch!;
    expect(other.carriedIn).toBe(0);

    const ran = runner.ran.length;
    const second = (await run({ jobId: 'surplus-2', batchSize: first.carriedOut, groupSize: 2 })).batch!;
    expect(second).toMatchObject({ carriedIn: first.carriedOut, generated: 0, episodes: 0, complete: true });
    expect(second.groups.every((g) => g.id.startsWith('surplus-1:'))).toBe(true);
    expect(runner.ran.length).toBe(ran);
  });

  it('keeps every scored group when keepAll is set (evaluation): each environment runs once, spread or not', async () => {
    // Every episode scores 0.5: without keepAll no group would count.
    const runner = new FakeRunner(() => 0.5);
    const { run } = broker(runner);
    const batch = (await run({ jobId: 'eval', batchSize: ENVS.length, groupSize: 1, keepAll: true, useBuffer: false })).batch!;
    expect(batch).toMatchObject({ generated: ENVS.length, dropped: 0, episodes: ENVS.length, complete: true });
    expect(new Set(batch.groups.map((g) => g.environmentId))).toEqual(new Set(ENVS));
  });

  it('launches groups as the batch needs them, not as many as the slots allow', async () => {
    const runner = new FakeRunner(spread);
    const { run } = broker(runner, { ROLLOUT_MAX_EPISODES: '64' });
    const batch = (await run({ jobId: 'paced', batchSize: 2, groupSize: 2, useBuffer: false })).batch!;
    expect(batch).toMatchObject({ generated: 2, carriedOut: 0, episodes: 4, complete: true });
  });

  it('resumes a redelivered batch without running a stored episode again', async () => {
    let budget = 6;
    const runner = new FakeRunner((input) => (budget-- > 0 ? spread(input) : 'stop'));
    const { run, jobs, episodes } = broker(runner);
    await expect(run({ jobId: 'resume', batchSize: 3, useBuffer: false })).rejects.toMatchObject({ retryable: true });
    const storedFirst = (await episodes.ofJob('resume')).length;
    expect(storedFirst).toBeGreaterThan(0);
    expect((await jobs.status('resume')).status).toBe('running');

    runner.decide = spread;
    const report = await run({ jobId: 'resume', batchSize: 3, useBuffer: false }, { deliveryCount: 2, lastDelivery: false });
    expect(report).toMatchObject({ status: 'completed', attempts: 2 });
    expect(new Set(runner.ran).size).toBe(runner.ran.length);
    const stored = await episodes.ofJob('resume');
    expect(stored).toHaveLength(report.batch!.episodes);
    expect(report.batch!.episodes).toBe(report.batch!.generated * 4);
    expect(report.batch!.groups.map((g) => g.id)).toEqual(['resume:0', 'resume:1', 'resume:2']);
  });

  it('stops with a retryable fault after ROLLOUT_MAX_INFRA_STREAK infrastructure failures in a row', async () => {
    const runner = new FakeRunner(() => 'infra');
    const { run, jobs } = broker(runner, { ROLLOUT_MAX_INFRA_STREAK: '3' });
    await expect(run({ jobId: 'outage', useBuffer: false })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
      message: expect.stringMatching(/episodes in a row failed on infrastructure \(last: SANDBOX_FAULT: verifier unreachable\)/),
    });
    expect((await jobs.status('outage')).status).toBe('running');
    // Launching stopped at the streak: not every slot of maxGroups was used.
    expect(runner.ran.length).toBeLessThan(16 * 4);
  });

  it('ends short (complete=false) once maxGroups were generated without enough spread', async () => {
    const runner = new FakeRunner(() => 0.5);
    const { run } = broker(runner);
    const report = await run({ jobId: 'short', maxGroups: 3, useBuffer: false });
    expect(report.status).toBe('completed');
    expect(report.batch).toMatchObject({ generated: 3, dropped: 3, groups: [], complete: false, validRatio: 0, rewardMean: 0.5 });
  });

  it('never runs more episodes at once than ROLLOUT_MAX_EPISODES, across batches', async () => {
    const runner = new FakeRunner(spread);
    const { run } = broker(runner, { ROLLOUT_MAX_EPISODES: '3' });
    await Promise.all([
      run({ jobId: 'slots-1', batchSize: 3, useBuffer: false }),
      run({ jobId: 'slots-2', batchSize: 3, useBuffer: false }),
    ]);
    expect(runner.maxActive).toBe(3);
  });

  it('fails the job for good, with the factory message, when the policy is refused', async () => {
    const { run } = broker(new FakeRunner(spread));
    const report = await run({
      jobId: 'refused',
      policy: { kind: 'endpoint', baseUrl: 'http://evil.example/v1', model: 'm', version: 'v1' },
    });
    expect(report).toMatchObject({
      status: 'failed',
      error: { code: 'VALIDATION_FAILED', message: 'policy host evil.example is not allowed' },
    });
  });
});
