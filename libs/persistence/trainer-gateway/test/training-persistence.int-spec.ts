import type { CheckpointRecord, TrainingJobRequest } from '@astra/contracts';
import { createTestDatabases, type TestDatabase } from '@astra/platform/database';
import type { DataSource } from 'typeorm';
import {
  TRAINER_GATEWAY_ENTITIES,
  TRAINER_GATEWAY_MIGRATIONS,
  TrainingCheckpointRepository,
  TrainingJobEntity,
  TrainingJobRepository,
  TrainingMetricRepository,
} from '../src';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(60_000);

const ODD = `nul\u0000 inside, é 漢字 🎲, ${'x'.repeat(200_000)}`;

function request(jobId: string): TrainingJobRequest {
  return {
    kind: 'sft',
    jobId,
    model: { kind: 'scratch', width: 32, layers: 1, heads: 2, context: 64, minWordCount: 1 },
    backend: 'local',
    seed: 0,
    checkpointEvery: 2,
    trajectoryJobs: [`traj\u0000${jobId}`],
    hyperparameters: { steps: 4, batchSize: 2, learningRate: 0.001, warmupSteps: 0, epochs: 10, includeReasoning: false },
  };
}

function job(jobId: string, createdAt: string, over: Partial<TrainingJobEntity> = {}): TrainingJobEntity {
  return Object.assign(new TrainingJobEntity(), {
    jobId,
    kind: 'sft',
    backend: 'local',
    status: 'running',
    request: request(jobId),
    step: 0,
    totalSteps: 4,
    baseStep: null,
    workerPid: null,
    workerRestarts: 0,
    kubernetesJob: null,
    policyUrl: null,
    checkpointId: null,
    error: null,
    evalResult: null,
    logTail: [],
    cancelRequested: 0,
    createdAt,
    startedAt: createdAt,
    updatedAt: createdAt,
    finishedAt: null,
    ...over,
  });
}

function checkpoint(jobId: string, step: number): CheckpointRecord {
  return {
    id: step.toString(16).padStart(32, '0'),
    jobId,
    kind: 'sft',
    step,
    version: `${jobId}@${step}`,
    parentId: null,
    dataHashes: ['a'.repeat(64)],
    location: { kind: 'artifact', ref: { key: `sha256/${'b'.repeat(64)}`, sha256: 'b'.repeat(64), size: 10 } },
    parameters: 1234,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

describe.each(
  createTestDatabases({ service: 'trainer-gateway', entities: TRAINER_GATEWAY_ENTITIES, migrations: TRAINER_GATEWAY_MIGRATIONS }),
)('trainer-gateway persistence on $name', (db: TestDatabase) => {
  let dataSource: DataSource;
  let jobs: TrainingJobRepository;
  let metrics: TrainingMetricRepository;
  let checkpoints: TrainingCheckpointRepository;

  beforeAll(async () => {
    dataSource = await db.open();
    jobs = new TrainingJobRepository(dataSource);
    metrics = new TrainingMetricRepository(dataSource);
    checkpoints = new TrainingCheckpointRepository(dataSource);
  });
  afterAll(() => db.cleanup());

  it('creates a job once and keeps its JSON (NUL, long text, unicode) exactly', async () => {
    const first = await jobs.createIfAbsent(job('job-1', '2026-01-01T00:00:01.000Z'));
    const again = await jobs.createIfAbsent(job('job-1', '2026-01-01T00:00:09.000Z', { totalSteps: 99 }));
    expect(again).toEqual(first);
    expect(first.request).toEqual(request('job-1'));
    await jobs.update('job-1', { error: { code: 'INTERNAL', message: ODD }, step: 3 }, '2026-01-01T00:00:02.000Z');
    await jobs.appendLog('job-1', ['one', ODD, 'three'], 2, '2026-01-01T00:00:03.000Z');
    await jobs.appendLog('job-1', ['four'], 2, '2026-01-01T00:00:04.000Z');
    const stored = await jobs.find('job-1');
    expect(stored).toMatchObject({ step: 3, error: { code: 'INTERNAL', message: ODD }, logTail: ['three', 'four'] });
    expect(stored!.updatedAt).toBe('2026-01-01T00:00:04.000Z');
  });

  it('flags a job that has not ended for cancellation, and not one that has', async () => {
    expect(await jobs.isCancelRequested('job-1')).toBe(false);
    expect(await jobs.requestCancel('job-1', '2026-01-01T00:00:05.000Z')).toBe(true);
    expect(await jobs.isCancelRequested('job-1')).toBe(true);
    await jobs.createIfAbsent(job('job-done', '2026-01-01T00:00:06.000Z', { status: 'completed' }));
    expect(await jobs.requestCancel('job-done', '2026-01-01T00:00:07.000Z')).toBe(false);
    expect(await jobs.requestCancel('missing', '2026-01-01T00:00:07.000Z')).toBe(false);
  });

  it('lists newest first with filters and paging', async () => {
    await jobs.createIfAbsent(job('job-2', '2026-01-01T00:00:06.000Z', { kind: 'eval', backend: 'kubernetes' }));
    const first = await jobs.list({}, undefined, 2);
    expect(first.map((j) => j.jobId)).toEqual(['job-done', 'job-2']);
    const rest = await jobs.list({}, { createdAt: first[1]!.createdAt, jobId: first[1]!.jobId }, 10);
    expect(rest.map((j) => j.jobId)).toEqual(['job-1']);
    expect((await jobs.list({ kind: 'eval' }, undefined, 10)).map((j) => j.jobId)).toEqual(['job-2']);
    expect((await jobs.list({ backend: 'local', status: 'running' }, undefined, 10)).map((j) => j.jobId)).toEqual(['job-1']);
  });

  it('stores a step once, merges a later validation loss, and reads the last step', async () => {
    expect(await metrics.save('job-1', { step: 1, at: 'a', loss: 2.5 })).toBe(true);
    expect(await metrics.save('job-1', { step: 1, at: 'b', loss: 9 })).toBe(false);
    expect(await metrics.save('job-1', { step: 2, at: 'c', loss: 1.25, tokensPerSecond: 1e6 })).toBe(true);
    await metrics.merge('job-1', 2, { validationLoss: 1.5 });
    expect(await metrics.ofJob('job-1')).toEqual([
      { step: 1, at: 'a', loss: 2.5 },
      { step: 2, at: 'c', loss: 1.25, tokensPerSecond: 1e6, validationLoss: 1.5 },
    ]);
    expect(await metrics.last('job-1')).toMatchObject({ step: 2 });
    expect(await metrics.last('job-2')).toBeUndefined();
  });

  it('stores checkpoints once by id, newest by step', async () => {
    await checkpoints.save(checkpoint('job-1', 4));
    await checkpoints.save({ ...checkpoint('job-1', 4), parameters: 1 });
    await checkpoints.save({ ...checkpoint('job-1', 2), parentId: 'p'.repeat(32), dataHashes: [ODD] });
    expect((await checkpoints.ofJob('job-1')).map((c) => c.step)).toEqual([2, 4]);
    expect(await checkpoints.newest('job-1')).toEqual(checkpoint('job-1', 4));
    expect((await checkpoints.byId(checkpoint('job-1', 2).id))?.dataHashes).toEqual([ODD]);
    expect(await checkpoints.newest('job-2')).toBeUndefined();
  });
});
