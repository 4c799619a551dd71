import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REGISTRY, type TrainingJobRecord, trainingJobMessageId } from '@astra/contracts';
import { deleteNamespace, NatsBus, testNatsUrl } from '@astra/platform/bus';
import { childEnv, ServiceProcess, waitFor } from '@astra/testing';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(300_000);

const NATS_URL = testNatsUrl();
const ROOT = resolve(__dirname, '../../..');
const SYNTH_REGISTRY = { 'trajectory-synth.trajectory.export': REGISTRY['trajectory-synth.trajectory.export'] };

function exportLine(n: number): string {
  const country = ['France', 'Peru', 'Chile', 'Spain', 'Japan'][n % 5]!;
  const call = { id: 'c1', type: 'function', function: { name: 'get_capital', arguments: JSON.stringify({ country }) } };
  const messages = [
    { role: 'user', content: `What is the capital of ${country}?` },
    { role: 'assistant', content: null, tool_calls: [call] },
    { role: 'tool', tool_call_id: 'c1', content: JSON.stringify({ capital: `Cap${country}` }) },
    { role: 'assistant', content: `Cap${country}` },
  ];
  return JSON.stringify({ messages, tools: [{ type: 'function', function: { name: 'get_capital', parameters: { type: 'object' } } }] });
}

/** Whether a process runs (a zombie no longer does: nothing may reap it in a container). */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

describe('trainer-gateway stopped in the middle of an SFT job', () => {
  const namespace = `trainer_crash_${randomBytes(5).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'astra-trainer-crash-'));
  // A crashed instance's job is redelivered once the ack wait passes without a heartbeat.
  const env = childEnv({
    NATS_URL,
    ASTRA_NAMESPACE: namespace,
    ASTRA_INSECURE_LOCAL_BUS: 'true',
    PORT: '0',
    OTEL_SDK_DISABLED: 'true',
    ASTRA_DATA_DIR: dataDir,
    BUS_ACK_WAIT_MS: '2000',
    TRAINER_WORKER_THREADS: '1',
  });
  let synth: NatsBus<typeof SYNTH_REGISTRY>;
  let cli: NatsBus;
  const gateways: ServiceProcess[] = [];

  const show = async (jobId: string): Promise<TrainingJobRecord> => (await cli.request('trainer-gateway.job.show', { jobId })).job;
  const model = { kind: 'scratch' as const, width: 64, layers: 2, heads: 2, context: 128, minWordCount: 1 };
  const submit = (jobId: string) =>
    cli.publish(
      'trainer-gateway.job.submitted',
      { kind: 'sft', jobId, model, trajectoryJobs: ['t'], checkpointEvery: 20, hyperparameters: { steps: 300, batchSize: 8 } },
      { id: trainingJobMessageId(jobId) },
    );
  /** The job once it has a training checkpoint and steps past it. */
  const midway = (jobId: string) =>
    waitFor(
      async () => {
        const job = await show(jobId);
        const checkpoint = job.checkpoints.at(-1);
        return job.worker.pid && checkpoint && checkpoint.step > 0 && job.step > checkpoint.step + 2 ? job : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 20, what: `${jobId}: a training checkpoint and steps past it` },
    );
  const finished = (jobId: string) =>
    waitFor(
      async () => {
        const status = await cli.request('trainer-gateway.job.status', { jobId });
        return status.status === 'completed' || status.status === 'failed' ? status : undefined;
      },
      { timeoutMs: 200_000, intervalMs: 200, what: `${jobId} to finish` },
    );
  const startGateway = async () => {
    const gateway = new ServiceProcess('trainer-gateway', env, ROOT);
    gateways.push(gateway);
    await gateway.ready();
    return gateway;
  };

  beforeAll(async () => {
    synth = new NatsBus({ service: 'trajectory-synth', servers: NATS_URL, namespace, registry: SYNTH_REGISTRY });
    synth.register('trajectory-synth.trajectory.export', async () => ({
      records: Array.from({ length: 10 }, (_, i) => ({ split: 'train' as const, line: exportLine(i) })),
    }));
    await synth.start();
    cli = await new NatsBus({ service: 'cli', servers: NATS_URL, namespace }).connect();
  });

  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
    await cli?.close();
    await synth?.close();
    await deleteNamespace(NATS_URL, namespace);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves no worker behind, and the next instance resumes the job from its newest checkpoint', async () => {
    const first = await startGateway();
    await submit('crash');
    const running = await midway('crash');
    first.kill();
    // The worker reads EOF on stdin once its gateway is gone, and exits.
    await waitFor(() => !alive(running.worker.pid!), { timeoutMs: 20_000, what: `worker ${running.worker.pid} to exit` });

    await startGateway();
    const report = await finished('crash');
    expect(report).toMatchObject({ status: 'completed', attempts: 2, training: { status: 'completed', step: 300 } });
    const job = await show('crash');
    expect(job.metrics.map((m) => m.step)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(job.worker).toEqual({ restarts: 0 });
    expect(job.checkpoints.at(-1)).toMatchObject({ step: 300 });
    // The second instance started its worker from a stored checkpoint (fetched into the job folder), not from scratch.
    const restored = readdirSync(join(dataDir, 'trainer-gateway', 'crash')).filter((name) => name.startsWith('restore-'));
    expect(restored.map((name) => job.checkpoints.find((c) => name === `restore-${c.id}.pt`)?.step)).toEqual([expect.any(Number)]);
    expect(job.checkpoints.find((c) => restored[0] === `restore-${c.id}.pt`)!.step).toBeGreaterThan(0);
    await gateways.at(-1)!.stop();
  });

  it('on SIGTERM stops its worker and leaves the job, which the next instance resumes', async () => {
    const current = await startGateway();
    await submit('term');
    const running = await midway('term');
    // Nest's shutdown hooks re-raise the signal once the app has closed.
    expect(await current.stop()).toEqual({ code: null, signal: 'SIGTERM' });
    // The delivery gave the job back to the bus for redelivery instead of failing it.
    expect(current.output).toContain('"outcome":"nak"');
    expect(current.output).toContain('training job term stopped and will resume from its last checkpoint');
    expect(alive(running.worker.pid!)).toBe(false);
    await startGateway();
    const report = await finished('term');
    expect(report).toMatchObject({ status: 'completed', attempts: 2, training: { status: 'completed', step: 300 } });
    const job = await show('term');
    expect(job.metrics.map((m) => m.step)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(job.worker).toEqual({ restarts: 0 });
  });
});
