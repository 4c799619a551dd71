import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { REGISTRY, type TrainerGatewayJobReport, type TrainingJobRequestInput, trainingJobMessageId } from '@astra/contracts';
import { TRAINER_GATEWAY_ENTITIES, TRAINER_GATEWAY_MIGRATIONS } from '@astra/persistence/trainer-gateway';
import { deleteNamespace, NatsBus, testNatsUrl } from '@astra/platform/bus';
import { createTestDatabase } from '@astra/platform/database';
import { startService } from '@astra/platform/runtime';
import { childEnv, ServiceProcess, waitFor } from '@astra/testing';
import { loadTrainerGatewayConfig } from '../src/trainer-gateway.config';
import { TrainerGatewayModule } from '../src/trainer-gateway.module';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(400_000);

const NATS_URL = testNatsUrl();
const ROOT = resolve(__dirname, '../../..');
const SYNTH_REGISTRY = { 'trajectory-synth.trajectory.export': REGISTRY['trajectory-synth.trajectory.export'] };

function exportLine(n: number): string {
  const topic = ['rivers', 'cities', 'mountains', 'lakes'][n % 4]!;
  const tools = [
    {
      type: 'function',
      function: { name: 'search', description: 'Search.', parameters: { type: 'object', properties: { query: { type: 'string' } } } },
    },
  ];
  const messages = [
    { role: 'user', content: `Which ${topic} are the largest?` },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'search', arguments: JSON.stringify({ query: topic }) } }],
    },
    { role: 'tool', tool_call_id: 'c1', content: JSON.stringify({ result: `the largest ${topic}` }) },
    { role: 'assistant', content: `the largest ${topic}` },
  ];
  return JSON.stringify({ messages, tools });
}

describe('trainer-gateway GRPO and evaluation against the real rollout broker, verifier and env-compiler', () => {
  const namespace = `trainer_rl_${randomBytes(5).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'astra-trainer-rl-'));
  const gatewayDb = createTestDatabase('sqlite', {
    service: 'trainer-gateway',
    entities: TRAINER_GATEWAY_ENTITIES,
    migrations: TRAINER_GATEWAY_MIGRATIONS,
  });
  let verifier: ServiceProcess;
  let envCompiler: ServiceProcess;
  let broker: ServiceProcess;
  let gateway: INestApplication;
  let synth: NatsBus<typeof SYNTH_REGISTRY>;
  let cli: NatsBus;

  const finished = (jobId: string): Promise<TrainerGatewayJobReport> =>
    waitFor(
      async () => {
        const report = await cli.request('trainer-gateway.job.status', { jobId });
        return report.status === 'completed' || report.status === 'failed' ? report : undefined;
      },
      { timeoutMs: 300_000, intervalMs: 200, what: `training job ${jobId} to finish` },
    );
  const submit = (request: TrainingJobRequestInput) =>
    cli.publish('trainer-gateway.job.submitted', request, { id: trainingJobMessageId(request.jobId) });

  beforeAll(async () => {
    const common = { NATS_URL, ASTRA_NAMESPACE: namespace, ASTRA_INSECURE_LOCAL_BUS: 'true', PORT: '0', OTEL_SDK_DISABLED: 'true' };
    verifier = new ServiceProcess('verifier', childEnv({ ...common, SANDBOX_PYTHON_WORKERS: '1', SANDBOX_JS_WORKERS: '1' }), ROOT);
    envCompiler = new ServiceProcess('env-compiler', childEnv({ ...common, ASTRA_DATA_DIR: dataDir, ENV_CHECK_TIME_MS: '1000' }), ROOT);
    synth = new NatsBus({ service: 'trajectory-synth', servers: NATS_URL, namespace, registry: SYNTH_REGISTRY });
    synth.register('trajectory-synth.trajectory.export', async () => ({
      records: Array.from({ length: 8 }, (_, i) => ({ split: 'train' as const, line: exportLine(i) })),
    }));
    await synth.start();
    broker = new ServiceProcess('rollout-broker', childEnv({ ...common, ASTRA_DATA_DIR: dataDir, ROLLOUT_MAX_EPISODES: '4' }), ROOT);
    gateway = await startService({
      name: 'trainer-gateway',
      loadConfig: () => loadTrainerGatewayConfig({ ...common, LOG_LEVEL: 'silent', ASTRA_DATA_DIR: dataDir, TRAINER_WORKER_THREADS: '1' }),
      module: (config) => TrainerGatewayModule.forRoot({ config, database: gatewayDb.options }),
    });
    cli = await new NatsBus({ service: 'cli', servers: NATS_URL, namespace }).connect();
    await Promise.all([verifier.ready(), envCompiler.ready(), broker.ready()]);
    await cli.publish('env-compiler.synthesis.requested', { jobId: 'envs', strategy: 'kb', count: 4, seed: 3 }, { id: 'envs' });
    await waitFor(
      async () => {
        const report = await cli.request('env-compiler.job.status', { jobId: 'envs' });
        if (report.status === 'failed') throw new Error(`environment synthesis failed: ${JSON.stringify(report.error)}`);
        return report.status === 'completed' ? report : undefined;
      },
      { timeoutMs: 150_000, intervalMs: 200, what: 'the environments' },
    );
    await submit({
      kind: 'sft',
      jobId: 'sft',
      model: { kind: 'scratch', width: 32, layers: 1, heads: 2, context: 256, minWordCount: 1 },
      trajectoryJobs: ['t'],
      hyperparameters: { steps: 4, batchSize: 4 },
    });
    expect(await finished('sft')).toMatchObject({ status: 'completed' });
  });

  afterAll(async () => {
    await cli?.close();
    await gateway?.close();
    await broker?.stop();
    await synth?.close();
    await envCompiler?.stop();
    await verifier?.stop();
    await gatewayDb.cleanup();
    await deleteNamespace(NATS_URL, namespace);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const limits = { maxTurns: 2, maxTokens: 200, toolTimeMs: 2000 };

  it('runs GRPO steps whose batches the broker generates from the served policy, with token data', async () => {
    const rollouts = { groupSize: 2, batchSize: 1, maxGroups: 2, limits, sampling: { temperature: 1, max_tokens: 24 } };
    await submit({
      kind: 'grpo',
      jobId: 'rl',
      model: { kind: 'checkpoint', checkpointId: 'sft' },
      environments: { jobId: 'envs' },
      checkpointEvery: 1,
      hyperparameters: { steps: 2, rollouts },
    });
    const report = await finished('rl');
    expect(report).toMatchObject({ status: 'completed', training: { status: 'completed', step: 2 } });
    const { job } = await cli.request('trainer-gateway.job.show', { jobId: 'rl' });
    expect(job.metrics.map((m) => m.step)).toEqual([1, 2]);
    expect(job.metrics.every((m) => m.rewardMean !== undefined && m.validGroupRatio !== undefined)).toBe(true);
    const sftCheckpoint = (await cli.request('trainer-gateway.job.show', { jobId: 'sft' })).job.checkpoints.at(-1)!;
    expect(job.checkpoints.map((c) => [c.step, c.parentId])).toEqual([
      [1, sftCheckpoint.id],
      [2, job.checkpoints[0]!.id],
    ]);
    const batch = await cli.request('rollout-broker.job.status', { jobId: 'rl.rollouts.step-2' });
    expect(batch).toMatchObject({ status: 'completed', batch: { policyVersion: 'rl@1' } });
    const { episodes } = await cli.request('rollout-broker.episode.list', { jobId: 'rl.rollouts.step-1' });
    expect(episodes.length).toBeGreaterThan(0);
    const { episode } = await cli.request('rollout-broker.episode.show', { id: episodes[0]!.id });
    expect(episode.policy).toMatchObject({ kind: 'endpoint', model: 'rl', version: 'rl@0' });
    expect(episode.status).toBe('completed');
    expect(episode.turns[0]!.tokens?.tokenIds?.length).toBeGreaterThan(0);
  });

  it('evaluates a checkpoint on each environment of a set once and reports what it measured', async () => {
    await submit({
      kind: 'eval',
      jobId: 'ev',
      model: { kind: 'checkpoint', checkpointId: 'sft' },
      environments: { jobId: 'envs', limit: 3 },
      settings: { limits, sampling: { temperature: 0, max_tokens: 24 } },
    });
    const report = await finished('ev');
    expect(report).toMatchObject({ status: 'completed', training: { status: 'completed', step: 1 } });
    expect(report.eval).toMatchObject({ episodes: 3, rolloutJobId: 'ev.rollouts.eval' });
    expect(report.eval!.solvedRate).toBeGreaterThanOrEqual(0);
    expect(report.eval!.checkpointId).toBe((await cli.request('trainer-gateway.job.show', { jobId: 'sft' })).job.checkpoints.at(-1)!.id);
    const batch = await cli.request('rollout-broker.job.status', { jobId: 'ev.rollouts.eval' });
    expect(batch.batch).toMatchObject({ groupSize: 1, batchSize: 3 });
  });
});
