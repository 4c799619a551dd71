import {
  type CheckpointRecord,
  type StepMetrics,
  type TrainingJobRecord,
  TrainingJobRecordSchema,
  type TrainingJobRequestInput,
  TrainingJobRequestSchema,
} from '@astra/contracts';

/** Hand-made training records for the CLI's specs, checked against the contract so they stay what the gateway sends. */
export const CHECKPOINT_A = 'a'.repeat(32);
export const CHECKPOINT_B = 'b'.repeat(32);

export function checkpoint(over: Partial<CheckpointRecord> = {}): CheckpointRecord {
  return {
    id: CHECKPOINT_A,
    jobId: 'sft-1',
    kind: 'sft',
    step: 10,
    version: 'sft-1@10',
    parentId: null,
    dataHashes: ['c'.repeat(64)],
    location: { kind: 'artifact', ref: { key: 'checkpoints/sft-1/10.pt', sha256: 'd'.repeat(64), size: 1024 } },
    parameters: 812_000,
    createdAt: '2026-12-01T03:00:10Z',
    ...over,
  };
}

export const step = (n: number, over: Partial<StepMetrics> = {}): StepMetrics => ({
  step: n,
  at: `2026-12-01T03:00:${String(n).padStart(2, '0')}Z`,
  ...over,
});

const REQUESTS: Record<'sft' | 'grpo' | 'eval', TrainingJobRequestInput> = {
  sft: { kind: 'sft', jobId: 'sft-1', model: { kind: 'scratch' }, trajectoryJobs: ['traj-1'], hyperparameters: { steps: 20 } },
  grpo: {
    kind: 'grpo',
    jobId: 'grpo-1',
    model: { kind: 'checkpoint', checkpointId: CHECKPOINT_A },
    environments: { jobId: 'env-1', split: 'train' },
    hyperparameters: { steps: 4, rollouts: { groupSize: 4, batchSize: 2 } },
  },
  eval: {
    kind: 'eval',
    jobId: 'eval-1',
    model: { kind: 'checkpoint', checkpointId: CHECKPOINT_B },
    environments: { jobId: 'env-1', split: 'held-out', limit: 8 },
  },
};

/** A whole job record of a kind, `over` replacing fields. */
export function jobRecord(kind: 'sft' | 'grpo' | 'eval', over: Partial<TrainingJobRecord> = {}): TrainingJobRecord {
  const request = TrainingJobRequestSchema.parse(REQUESTS[kind]);
  return TrainingJobRecordSchema.parse({
    id: request.jobId,
    kind,
    backend: 'local',
    status: 'completed',
    step: 0,
    totalSteps: 0,
    createdAt: '2026-12-01T03:00:00Z',
    request,
    metrics: [],
    checkpoints: [],
    worker: { restarts: 0 },
    logTail: [],
    ...over,
  });
}
