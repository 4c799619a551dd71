import { type EnvironmentRecord, type TrainingJobRequest, TrainingJobRequestSchema } from '@astra/contracts';
import { waitFor } from '@astra/testing';
import { FakeWorkerLauncher } from '../../test/support/fake-worker';
import { gatewayHarness } from '../../test/support/gateway-harness';
import { type KubernetesJobInputs, KubernetesBackendPort, type KubernetesOutcome, type KubernetesUpdate } from './kubernetes-backend.port';

const FIRST = { deliveryCount: 1, lastDelivery: false };

/** A cluster in memory: records launches and cancels; follow() plays `updates` then ends with `outcome`, or waits for the abort. */
class FakeCluster extends KubernetesBackendPort {
  readonly launched: Array<{ request: TrainingJobRequest; inputs: KubernetesJobInputs }> = [];
  readonly cancelled: string[] = [];
  following = false;

  constructor(
    private readonly updates: KubernetesUpdate[],
    private readonly outcome: KubernetesOutcome | 'wait',
  ) {
    super();
  }

  async launch(request: TrainingJobRequest, inputs: KubernetesJobInputs): Promise<{ name: string }> {
    this.launched.push({ request, inputs });
    return { name: `astra-${request.jobId}` };
  }

  async follow(_name: string, onUpdate: (update: KubernetesUpdate) => Promise<void>, signal: AbortSignal): Promise<KubernetesOutcome> {
    for (const update of this.updates) await onUpdate(update);
    if (this.outcome !== 'wait') return this.outcome;
    this.following = true;
    await new Promise((resolve) => signal.addEventListener('abort', resolve));
    return { status: 'cancelled' };
  }

  async cancel(name: string): Promise<void> {
    this.cancelled.push(name);
  }
}

const sft = (jobId: string) =>
  TrainingJobRequestSchema.parse({
    kind: 'sft',
    jobId,
    backend: 'kubernetes',
    model: { kind: 'hub', name: 'Qwen/Qwen3-0.6B' },
    trajectoryJobs: ['t'],
    hyperparameters: { steps: 2 },
  });

async function setup(cluster: FakeCluster) {
  const harness = await gatewayHarness(new FakeWorkerLauncher(), { TRAINER_K8S_OUTPUT_URI_PREFIX: 's3://bucket/runs' }, cluster);
  harness.bus.responders.set('trajectory-synth.trajectory.export', () => ({
    records: [
      { split: 'train', line: '{"messages":[]}' },
      { split: 'validation', line: '{"v":1}' },
    ],
  }));
  return { harness, gateway: harness.instance() };
}

describe('KubernetesRun', () => {
  it('launches an SFT job with its export as train.jsonl, records the pod steps and logs, and stores the output as its checkpoint', async () => {
    const updates: KubernetesUpdate[] = [
      { phase: 'running', logLines: ['pulling', 'started'] },
      { phase: 'running', logLines: ['{"astra_step": 1}'], step: { step: 1, metrics: { loss: 2.5, learningRate: 1e-5, unknown: 3 } } },
      { phase: 'running', logLines: [], step: { step: 2, metrics: { loss: 1.5 } } },
    ];
    const cluster = new FakeCluster(updates, { status: 'succeeded' });
    const { harness, gateway } = await setup(cluster);
    try {
      await gateway.run.execute(sft('k-sft'), FIRST);
      expect(cluster.launched[0]!.inputs).toEqual({
        files: { 'train.jsonl': '{"messages":[]}\n' },
        outputUri: expect.stringMatching(/^s3:\/\/bucket\/runs\/astra-k-sft/),
      });
      const { job } = await gateway.queries.show('k-sft');
      expect(job).toMatchObject({ status: 'completed', step: 2, worker: { restarts: 0, kubernetesJob: 'astra-k-sft' } });
      expect(job.metrics.map((m) => [m.step, m.loss])).toEqual([
        [1, 2.5],
        [2, 1.5],
      ]);
      expect(job.metrics[0]).not.toHaveProperty('unknown');
      expect(job.logTail).toEqual(['pulling', 'started', '{"astra_step": 1}']);
      expect(job.checkpoints).toEqual([
        expect.objectContaining({ step: 2, location: { kind: 'uri', uri: cluster.launched[0]!.inputs.outputUri }, parentId: null }),
      ]);
    } finally {
      await harness.close();
    }
  });

  it('writes a GRPO task row per environment, and deletes the Job when the training job is cancelled', async () => {
    const cluster = new FakeCluster([], 'wait');
    const { harness, gateway } = await setup(cluster);
    const environment = {
      id: 'a'.repeat(64),
      prompt: 'Q?',
      tools: [{ name: 'f', description: 'd', parameters: { type: 'object', properties: {} } }],
      subTasks: [{ answer: '42', toolNecessity: true }],
      finalAnswer: '42',
    };
    harness.bus.responders.set('env-compiler.environment.show', () => ({ environment: environment as unknown as EnvironmentRecord }));
    try {
      const request = TrainingJobRequestSchema.parse({
        kind: 'grpo',
        jobId: 'k-rl',
        backend: 'kubernetes',
        model: { kind: 'hub', name: 'm' },
        environments: { ids: ['a'.repeat(64)] },
      });
      const running = gateway.run.execute(request, FIRST);
      await waitFor(() => cluster.following, { what: 'the job to be followed' });
      const row = JSON.parse(cluster.launched[0]!.inputs.files['train.jsonl']!.trim()) as Record<string, unknown>;
      expect(row).toMatchObject({
        id: 'a'.repeat(64),
        prompt: [{ role: 'system' }, { role: 'user', content: 'Q?' }],
        subTasks: [{ answer: '42', tooled: true }],
        finalAnswer: '42',
      });
      expect(await gateway.queries.cancel('k-rl')).toEqual({ jobId: 'k-rl', status: 'cancelled' });
      await running;
      expect(cluster.cancelled).toEqual(['astra-k-rl']);
    } finally {
      await harness.close();
    }
  });

  it('fails a job whose pods failed, with the reason', async () => {
    const cluster = new FakeCluster([], { status: 'failed', reason: 'BackoffLimitExceeded: pod failed' });
    const { harness, gateway } = await setup(cluster);
    try {
      await gateway.run.execute(sft('k-fail'), FIRST);
      expect((await harness.records.row('k-fail')).error).toEqual({
        code: 'INTERNAL',
        message: 'Kubernetes job astra-k-fail failed: BackoffLimitExceeded: pod failed',
      });
    } finally {
      await harness.close();
    }
  });
});
