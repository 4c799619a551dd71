import type { TrainingJobRequestInput } from '@astra/contracts';
import { TrainingJobRequestSchema } from '@astra/contracts';
import { waitFor } from '@astra/testing';
import { FakeWorkerLauncher } from '../../test/support/fake-worker';
import { gatewayHarness } from '../../test/support/gateway-harness';

const FIRST = { deliveryCount: 1, lastDelivery: false };
const SECOND = { deliveryCount: 2, lastDelivery: false };

function sft(jobId: string, steps = 5): ReturnType<typeof TrainingJobRequestSchema.parse> {
  const input: TrainingJobRequestInput = {
    kind: 'sft',
    jobId,
    model: { kind: 'scratch', width: 16, layers: 1, heads: 1, context: 64 },
    trajectoryJobs: ['traj-a', 'traj-b'],
    checkpointEvery: 2,
    hyperparameters: { steps, batchSize: 2 },
  };
  return TrainingJobRequestSchema.parse(input);
}

/** trajectory-synth's export over two pages per job. */
function exportResponder(payload: { jobId: string; cursor?: string }) {
  const page = payload.cursor ? 2 : 1;
  const line = (n: number) =>
    JSON.stringify({
      messages: [
        { role: 'user', content: `${payload.jobId} ${n}` },
        { role: 'assistant', content: 'ok' },
      ],
    });
  return page === 1
    ? {
        records: [
          { split: 'train', line: line(1) },
          { split: 'validation', line: line(2) },
        ],
        nextCursor: 'next',
      }
    : { records: [{ split: 'train', line: line(3) }] };
}

async function setup(launcher = new FakeWorkerLauncher()) {
  const harness = await gatewayHarness(launcher);
  harness.bus.responders.set('trajectory-synth.trajectory.export', exportResponder);
  return { harness, launcher, gateway: harness.instance() };
}

describe('RunTrainingUseCase: SFT on the local worker', () => {
  it('trains every step, records metrics, stores checkpoints with lineage and publishes progress and finished', async () => {
    const { harness, launcher, gateway } = await setup();
    try {
      await gateway.run.execute(sft('sft-1'), FIRST);
      const { job } = await gateway.queries.show('sft-1');
      expect(job).toMatchObject({ status: 'completed', step: 5, totalSteps: 5, worker: { restarts: 0 } });
      expect(job.worker.pid).toBeUndefined();
      expect(job.metrics.map((m) => m.step)).toEqual([1, 2, 3, 4, 5]);
      expect(job.metrics[1]).toMatchObject({ loss: 5, validationLoss: 10, tokensPerSecond: 500 });
      // Step 0: the untrained model, saved before the first step.
      // Each checkpoint's parent is the one before it: the lineage of the job is a chain from step 0.
      const ids = job.checkpoints.map((c) => c.id);
      expect(job.checkpoints.map((c) => [c.step, c.version, c.parentId])).toEqual([
        [0, 'sft-1@0', null],
        [2, 'sft-1@2', ids[0]],
        [4, 'sft-1@4', ids[1]],
        [5, 'sft-1@5', ids[2]],
      ]);
      expect(job.checkpoints[0]!.dataHashes).toHaveLength(2);
      expect(job.logTail).toEqual(['initialised at step 0']);
      const init = launcher.calls.find((c) => c.op === 'init')!;
      expect(init.args).toMatchObject({ seed: 0, threads: 1, model: { width: 16, layers: 1 } });
      expect(init.args['tokenizerData']).toHaveLength(2);
      const progress = harness.bus.payloadsOf('trainer-gateway.job.progress');
      expect(progress.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
      expect(harness.bus.payloadsOf('trainer-gateway.job.finished')).toEqual([
        { jobId: 'sft-1', kind: 'sft', status: 'completed', checkpointId: job.checkpoints[3]!.id },
      ]);
      const report = await gateway.status.execute('sft-1');
      expect(report).toMatchObject({
        status: 'completed',
        kind: 'sft',
        checkpointId: job.checkpoints[3]!.id,
        training: { status: 'completed', step: 5 },
      });
      expect(report.progress).toEqual({ done: 5, total: 5 });
    } finally {
      await harness.close();
    }
  });

  it('restarts a worker that died from the newest checkpoint, counting the restart and storing each step once', async () => {
    const { harness, launcher, gateway } = await setup(new FakeWorkerLauncher({ dieAtStep: 3 }));
    try {
      await gateway.run.execute(sft('sft-2'), FIRST);
      const { job } = await gateway.queries.show('sft-2');
      expect(job).toMatchObject({ status: 'completed', step: 5, worker: { restarts: 1 } });
      expect(job.metrics.map((m) => m.step)).toEqual([1, 2, 3, 4, 5]);
      expect(launcher.workers).toHaveLength(2);
      // The second worker starts from the checkpoint of step 2.
      expect(launcher.calls.find((c) => c.worker === 1 && c.op === 'init')!.args['checkpoint']).toEqual(
        expect.stringContaining('restore-'),
      );
      expect(launcher.workers[1]!.step).toBe(5);
    } finally {
      await harness.close();
    }
  });

  it('fails the job naming the exit once no restart is left', async () => {
    const launcher = new FakeWorkerLauncher({ dieAtStep: 3 });
    const harness = await gatewayHarness(launcher, { TRAINER_MAX_WORKER_RESTARTS: '0' });
    harness.bus.responders.set('trajectory-synth.trajectory.export', exportResponder);
    try {
      await harness.instance().run.execute(sft('sft-3'), FIRST);
      const row = await harness.records.row('sft-3');
      expect(row.status).toBe('failed');
      expect(row.error?.message).toContain('signal SIGKILL');
      expect(harness.bus.payloadsOf('trainer-gateway.job.finished')[0]).toMatchObject({ status: 'failed', error: { code: 'INTERNAL' } });
    } finally {
      await harness.close();
    }
  });

  it('cancels a running job: its worker is killed and the job ends cancelled', async () => {
    const { harness, launcher, gateway } = await setup(new FakeWorkerLauncher({ hangAtStep: 3 }));
    try {
      const running = gateway.run.execute(sft('sft-4'), FIRST);
      await waitFor(() => launcher.workers[0]?.hanging, { what: 'the worker to be busy' });
      expect(await gateway.queries.cancel('sft-4')).toEqual({ jobId: 'sft-4', status: 'cancelled' });
      await running;
      expect(launcher.workers[0]!.exit).toEqual({ code: null, signal: 'SIGKILL' });
      expect(await gateway.status.execute('sft-4')).toMatchObject({
        status: 'failed',
        error: { code: 'CANCELLED' },
        training: { status: 'cancelled', step: 2 },
      });
      expect(harness.bus.payloadsOf('trainer-gateway.job.finished')[0]).toMatchObject({ status: 'cancelled' });
      expect(await gateway.queries.cancel('sft-4')).toEqual({ jobId: 'sft-4', status: 'cancelled' });
    } finally {
      await harness.close();
    }
  });

  it('stops its worker on shutdown and resumes on redelivery from the newest checkpoint', async () => {
    const launcher = new FakeWorkerLauncher({ hangAtStep: 3 });
    const { harness, gateway } = await setup(launcher);
    try {
      const first = gateway.run.execute(sft('sft-5'), FIRST);
      await waitFor(() => launcher.workers[0]?.hanging, { what: 'the worker to be busy' });
      await gateway.cancellation.beforeApplicationShutdown();
      await expect(first).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true });
      expect((await harness.records.row('sft-5')).status).toBe('running');
      launcher.script = {};
      let exports = 0;
      harness.bus.responders.set('trajectory-synth.trajectory.export', (payload: { jobId: string; cursor?: string }) => {
        exports += 1;
        return exportResponder(payload);
      });
      await harness.instance().run.execute(sft('sft-5'), SECOND);
      // The redelivery trains on the data the first delivery fetched.
      expect(exports).toBe(0);
      const { job } = await gateway.queries.show('sft-5');
      expect(job).toMatchObject({ status: 'completed', step: 5, worker: { restarts: 0 } });
      expect(job.metrics.map((m) => m.step)).toEqual([1, 2, 3, 4, 5]);
      expect(launcher.calls.find((c) => c.worker === 1 && c.op === 'sft')!.args).toMatchObject({ steps: 5 });
      expect(launcher.workers[1]!.step).toBe(5);
    } finally {
      await harness.close();
    }
  });

  it('fails for good when the export holds no training data, and lists and refuses unknown jobs', async () => {
    const { harness, gateway } = await setup();
    harness.bus.responders.set('trajectory-synth.trajectory.export', () => ({ records: [] }));
    try {
      await gateway.run.execute(sft('sft-6'), FIRST);
      expect(await harness.records.row('sft-6')).toMatchObject({ status: 'failed', error: { code: 'VALIDATION_FAILED' } });
      const page = await gateway.queries.list({ limit: 10, status: 'failed' });
      expect(page.jobs.map((j) => j.id)).toEqual(['sft-6']);
      await expect(gateway.queries.show('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(gateway.queries.cancel('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await harness.close();
    }
  });

  it('fails a kubernetes job with the reason when no Kubernetes backend is bound', async () => {
    const { harness, gateway } = await setup();
    try {
      await gateway.run.execute({ ...sft('k8s-1'), backend: 'kubernetes' }, FIRST);
      expect((await harness.records.row('k8s-1')).error?.message).toContain('no Kubernetes backend');
    } finally {
      await harness.close();
    }
  });

  it('keeps a job queued while the local slot is taken, runs it once the slot frees, and cancels a queued job', async () => {
    const { harness, launcher, gateway } = await setup(new FakeWorkerLauncher({ hangAtStep: 2 }));
    try {
      const first = gateway.run.execute(sft('busy'), FIRST);
      await waitFor(() => launcher.workers[0]?.hanging, { what: 'the first job to be busy' });
      const second = gateway.run.execute(sft('waiting', 3), FIRST);
      const third = gateway.run.execute(sft('dropped', 3), FIRST);
      await waitFor(async () => (await gateway.status.execute('dropped')).training?.status === 'queued', {
        what: 'the third job to be queued',
      });
      expect((await gateway.status.execute('waiting')).training?.status).toBe('queued');
      expect(await gateway.queries.cancel('dropped')).toEqual({ jobId: 'dropped', status: 'cancelled' });
      await third;
      expect(launcher.workers).toHaveLength(1);
      launcher.script = {};
      await gateway.queries.cancel('busy');
      await Promise.all([first, second]);
      expect(await harness.records.row('waiting')).toMatchObject({ status: 'completed', step: 3 });
      expect(launcher.workers).toHaveLength(2);
      expect((await harness.records.row('dropped')).startedAt).toBeNull();
    } finally {
      await harness.close();
    }
  });

  it('fails for good when the worker refuses the data, and is retried when the worker itself faults', async () => {
    const { harness, gateway } = await setup(new FakeWorkerLauncher({ refuse: { op: 'sft', code: 'DATA' } }));
    try {
      await gateway.run.execute(sft('refused'), FIRST);
      expect((await harness.records.row('refused')).error).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'worker sft failed (DATA): refused sft',
      });
      const faulty = await setup(new FakeWorkerLauncher({ refuse: { op: 'sft', code: 'INTERNAL' } }));
      try {
        await expect(faulty.gateway.run.execute(sft('faulty'), FIRST)).rejects.toMatchObject({ code: 'INTERNAL', retryable: true });
        expect((await faulty.harness.records.row('faulty')).status).toBe('running');
      } finally {
        await faulty.harness.close();
      }
    } finally {
      await harness.close();
    }
  });
});
