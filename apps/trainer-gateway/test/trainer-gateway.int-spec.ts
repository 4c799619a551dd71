import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import {
  REGISTRY,
  type TrainerGatewayJobReport,
  type TrainingJobRecord,
  type TrainingJobRequestInput,
  trainingJobMessageId,
} from '@astra/contracts';
import { TRAINER_GATEWAY_ENTITIES, TRAINER_GATEWAY_MIGRATIONS } from '@astra/persistence/trainer-gateway';
import { deleteNamespace, NatsBus, testNatsUrl } from '@astra/platform/bus';
import { createTestDatabase } from '@astra/platform/database';
import { startService } from '@astra/platform/runtime';
import { waitFor } from '@astra/testing';
import { loadTrainerGatewayConfig } from '../src/trainer-gateway.config';
import { TrainerGatewayModule } from '../src/trainer-gateway.module';
import { TrainingWorkerLauncher } from '../src/worker/training-worker.port';
import { PolicyDrivenBroker } from './support/policy-driven-broker';
import { RecordingLauncher } from './support/recording-launcher';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(240_000);

const NATS_URL = testNatsUrl();
/** The one message the stand-in for trajectory-synth answers. */
const SYNTH_REGISTRY = { 'trajectory-synth.trajectory.export': REGISTRY['trajectory-synth.trajectory.export'] };

/** Hand-made SFT lines in the export's openai format: one tool call, its result, the answer. */
function exportLine(n: number): string {
  const country = ['France', 'Peru', 'Chile', 'Spain', 'Japan'][n % 5]!;
  const tools = [
    {
      type: 'function',
      function: {
        name: 'get_capital',
        description: 'The capital.',
        parameters: { type: 'object', properties: { country: { type: 'string' } } },
      },
    },
  ];
  const messages = [
    { role: 'user', content: `What is the capital of ${country}?` },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_capital', arguments: JSON.stringify({ country }) } }],
    },
    { role: 'tool', tool_call_id: 'c1', content: JSON.stringify({ capital: `Cap${country}` }) },
    { role: 'assistant', content: `Cap${country}` },
  ];
  return JSON.stringify({ messages, tools });
}

const model = (width: number, layers: number) => ({ kind: 'scratch' as const, width, layers, heads: 2, context: 128, minWordCount: 1 });

describe('trainer-gateway with the real training worker, over NATS, on SQLite', () => {
  const namespace = `trainer_${randomBytes(5).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'astra-trainer-'));
  const db = createTestDatabase('sqlite', {
    service: 'trainer-gateway',
    entities: TRAINER_GATEWAY_ENTITIES,
    migrations: TRAINER_GATEWAY_MIGRATIONS,
  });
  const launcher = new RecordingLauncher();
  let app: INestApplication;
  let cli: NatsBus;
  let synth: NatsBus<typeof SYNTH_REGISTRY>;
  let broker: PolicyDrivenBroker;
  const exported: string[] = [];

  const show = async (jobId: string): Promise<TrainingJobRecord> => (await cli.request('trainer-gateway.job.show', { jobId })).job;
  const finished = (jobId: string): Promise<TrainerGatewayJobReport> =>
    waitFor(
      async () => {
        const report = await cli.request('trainer-gateway.job.status', { jobId });
        return report.status === 'completed' || report.status === 'failed' ? report : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 100, what: `training job ${jobId} to finish` },
    );
  const submit = (request: TrainingJobRequestInput) =>
    cli.publish('trainer-gateway.job.submitted', request, { id: trainingJobMessageId(request.jobId) });

  beforeAll(async () => {
    const common = { NATS_URL, ASTRA_NAMESPACE: namespace, ASTRA_INSECURE_LOCAL_BUS: 'true', PORT: '0', OTEL_SDK_DISABLED: 'true' };
    // trajectory-synth's export RPC, answered from hand-made lines (two pages per job).
    synth = new NatsBus({ service: 'trajectory-synth', servers: NATS_URL, namespace, registry: SYNTH_REGISTRY });
    synth.register('trajectory-synth.trajectory.export', async (payload) => {
      exported.push(payload.jobId);
      const lines = Array.from({ length: 10 }, (_, i) => exportLine(i));
      const records = lines.map((line, i) => ({ split: i % 5 === 4 ? ('validation' as const) : ('train' as const), line }));
      return payload.cursor ? { records: records.slice(5) } : { records: records.slice(0, 5), nextCursor: 'page-2' };
    });
    await synth.start();
    broker = new PolicyDrivenBroker(NATS_URL, namespace);
    await broker.bus.start();
    app = await startService({
      name: 'trainer-gateway',
      loadConfig: () =>
        loadTrainerGatewayConfig({
          ...common,
          LOG_LEVEL: 'silent',
          ASTRA_DATA_DIR: dataDir,
          TRAINER_WORKER_THREADS: '1',
          TRAINER_CANCEL_POLL_MS: '200',
        }),
      module: (config) =>
        TrainerGatewayModule.forRoot({
          config,
          database: db.options,
          workerLauncher: { provide: TrainingWorkerLauncher, useValue: launcher },
        }),
    });
    cli = await new NatsBus({ service: 'cli', servers: NATS_URL, namespace }).connect();
  });

  afterAll(async () => {
    await cli?.close();
    await app?.close();
    await synth?.close();
    await broker?.bus.close();
    await db.cleanup();
    await deleteNamespace(NATS_URL, namespace);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('trains a tiny SFT job end to end: steps, metrics, checkpoints in the artifact store, its report', async () => {
    await submit({
      kind: 'sft',
      jobId: 'sft-e2e',
      model: model(32, 1),
      trajectoryJobs: ['traj-1'],
      checkpointEvery: 4,
      hyperparameters: { steps: 8, batchSize: 2, warmupSteps: 0 },
    });
    const report = await finished('sft-e2e');
    expect(report).toMatchObject({
      status: 'completed',
      kind: 'sft',
      training: { status: 'completed', step: 8, totalSteps: 8 },
      progress: { done: 8, total: 8 },
    });
    const job = await show('sft-e2e');
    expect(job.metrics.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(job.metrics.every((m) => typeof m.loss === 'number' && m.tokensPerSecond! > 0)).toBe(true);
    // The validation split is measured at each checkpoint.
    expect(job.metrics.filter((m) => m.validationLoss !== undefined).map((m) => m.step)).toEqual([4, 8]);
    // Lineage: each checkpoint's parent is the one before it.
    const ids = job.checkpoints.map((c) => c.id);
    expect(job.checkpoints.map((c) => [c.step, c.version, c.parentId])).toEqual([
      [0, 'sft-e2e@0', null],
      [4, 'sft-e2e@4', ids[0]],
      [8, 'sft-e2e@8', ids[1]],
    ]);
    expect(report.checkpointId).toBe(job.checkpoints[2]!.id);
    const location = job.checkpoints[2]!.location;
    expect(location.kind).toBe('artifact');
    if (location.kind === 'artifact') expect((await cli.artifacts.get(location.ref)).byteLength).toBe(location.ref.size);
    expect(job.checkpoints[2]!.dataHashes).toHaveLength(2);
    expect(job.checkpoints[2]!.parameters).toBeGreaterThan(0);
    expect(exported).toEqual(['traj-1', 'traj-1']);
    expect(existsSync(join(dataDir, 'trainer-gateway', 'sft-e2e', 'sft.train.jsonl'))).toBe(true);
    expect(job.worker).toEqual({ restarts: 0 });
    expect((await cli.request('trainer-gateway.job.list', { kind: 'sft' })).jobs.map((j) => j.id)).toContain('sft-e2e');
  });

  it('resumes a worker SIGKILLed mid-SFT from its newest checkpoint, each step stored once', async () => {
    const before = launcher.workers.length;
    await submit({
      kind: 'sft',
      jobId: 'sft-kill',
      model: model(64, 2),
      trajectoryJobs: ['traj-2'],
      checkpointEvery: 10,
      hyperparameters: { steps: 300, batchSize: 8, warmupSteps: 0 },
    });
    const running = await waitFor(
      async () => {
        const job = await show('sft-kill');
        const checkpoint = job.checkpoints.at(-1);
        return job.worker.pid && checkpoint && checkpoint.step > 0 && job.step > checkpoint.step + 2 ? job : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 20, what: 'a training checkpoint and steps past it' },
    );
    process.kill(running.worker.pid!, 'SIGKILL');
    const report = await finished('sft-kill');
    expect(report).toMatchObject({ status: 'completed', training: { step: 300 } });
    const job = await show('sft-kill');
    expect(job.worker.restarts).toBe(1);
    expect(job.metrics.map((m) => m.step)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    const [first, second] = launcher.workers.slice(before);
    expect(launcher.workers.length - before).toBe(2);
    expect(first!.pid).toBe(running.worker.pid);
    const restored = second!.calls.find((c) => c.op === 'init')!.args['checkpoint'] as string;
    const from = job.checkpoints.find((c) => restored.endsWith(`restore-${c.id}.pt`))!;
    expect(from.step).toBeGreaterThanOrEqual(10);
    const steps = second!.calls
      .find((c) => c.op === 'sft')!
      .events.filter((e) => e.event === 'step')
      .map((e) => e['step']);
    expect(steps[0]).toBe(from.step + 1);
    expect(steps.at(-1)).toBe(300);
  });

  it('cancels a running job: its worker process is gone and the job ends cancelled', async () => {
    await submit({
      kind: 'sft',
      jobId: 'sft-cancel',
      model: model(64, 2),
      trajectoryJobs: ['traj-3'],
      checkpointEvery: 1000,
      hyperparameters: { steps: 100_000, batchSize: 8 },
    });
    const running = await waitFor(
      async () => {
        const job = await show('sft-cancel');
        return job.worker.pid && job.step >= 2 ? job : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 20, what: 'the job to run' },
    );
    const pid = running.worker.pid!;
    expect(await cli.request('trainer-gateway.job.cancel', { jobId: 'sft-cancel' })).toEqual({ jobId: 'sft-cancel', status: 'cancelled' });
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await waitFor(() => !alive(), { timeoutMs: 10_000, what: `worker ${pid} to be gone` });
    const report = await finished('sft-cancel');
    expect(report).toMatchObject({ status: 'failed', error: { code: 'CANCELLED' }, training: { status: 'cancelled' } });
    const job = await show('sft-cancel');
    expect(job.status).toBe('cancelled');
    expect(job.worker.pid).toBeUndefined();
    expect(job.step).toBeLessThan(100_000);
  });

  it('trains GRPO steps with the real worker on batches its policy server generated, with checkpoint lineage', async () => {
    const before = launcher.workers.length;
    const rollouts = { groupSize: 2, batchSize: 2, sampling: { temperature: 1 } };
    const request = {
      kind: 'grpo' as const,
      jobId: 'grpo-1',
      model: { kind: 'checkpoint' as const, checkpointId: 'sft-e2e' },
      environments: { ids: ['e'.repeat(64)] },
      checkpointEvery: 2,
      hyperparameters: { steps: 3, rollouts },
    };
    await submit(request);
    const report = await finished('grpo-1');
    expect(report).toMatchObject({ status: 'completed', kind: 'grpo', training: { status: 'completed', step: 3 } });
    const job = await show('grpo-1');
    expect(job.metrics.map((m) => m.step)).toEqual([1, 2, 3]);
    for (const m of job.metrics) {
      expect(m).toMatchObject({ rewardMean: 0.5, rewardStd: 0.5, validGroupRatio: 1 });
      expect(Number.isFinite(m.loss) && Number.isFinite(m.clipFraction) && m.tokensPerSecond! > 0).toBe(true);
    }
    const source = (await show('sft-e2e')).checkpoints.at(-1)!;
    expect(job.checkpoints.map((c) => [c.step, c.version, c.parentId])).toEqual([
      [2, 'grpo-1@2', source.id],
      [3, 'grpo-1@3', job.checkpoints[0]!.id],
    ]);
    expect(job.checkpoints[0]!.dataHashes).toHaveLength(2);
    expect(broker.requests.map((r) => [r.jobId, r.policy.kind === 'endpoint' && r.policy.version, r.useBuffer])).toEqual([
      ['grpo-1.rollouts.step-1', 'grpo-1@0', false],
      ['grpo-1.rollouts.step-2', 'grpo-1@1', false],
      ['grpo-1.rollouts.step-3', 'grpo-1@2', false],
    ]);
    const worker = launcher.workers[before]!;
    expect(worker.calls.map((c) => c.op)).toEqual([
      'init',
      'serve',
      'grpo_step',
      'set_version',
      'grpo_step',
      'set_version',
      'save',
      'grpo_step',
      'set_version',
      'save',
    ]);
    expect(job.policyUrl).toBeUndefined();
  });
});
