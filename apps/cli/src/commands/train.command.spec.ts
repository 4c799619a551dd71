import { Writable } from 'node:stream';
import { Command } from 'commander';
import {
  BusError,
  type TrainerGatewayJobReport,
  type TrainingJobRecord,
  type TrainingJobRequest,
  type TrainingStatus,
  trainingJobMessageId,
} from '@astra/contracts';
import { InMemoryBus, type NatsBus } from '@astra/platform/bus';
import { loadCliConfig } from '../cli.config';
import { CliContext, UsageError, describeFailure } from '../cli-context';
import { jobRecord, step } from '../training/training-records.fixture';
import { registerJobsCommand } from './jobs.command';
import { registerTrainCommand } from './train.command';

class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** trainer-gateway as the CLI sees it over the in-memory bus: jobs it was sent, each ending as `outcome` says. */
class FakeGateway {
  readonly submitted: TrainingJobRequest[] = [];
  readonly cancelled: string[] = [];
  readonly listed: Array<Record<string, unknown>> = [];
  statusCalls = 0;
  outcome: { status: TrainingStatus; error?: { code: string; message: string } } = { status: 'completed' };

  constructor(
    readonly bus: InMemoryBus,
    follow = true,
  ) {
    bus.register('trainer-gateway.job.submitted', async (request) => void this.submitted.push(request));
    if (follow) {
      bus.register('trainer-gateway.job.status', async ({ jobId }) => this.report(jobId));
      bus.register('trainer-gateway.job.show', async ({ jobId }) => ({ job: this.record(jobId) }));
    }
    bus.register('trainer-gateway.job.list', async (query) => {
      this.listed.push(query);
      // Two pages of two jobs: the CLI follows the cursor until it has --limit jobs.
      const page = query.cursor === undefined ? ['j1', 'j2'] : ['j3', 'j4'];
      const jobs = page.map((id) => ({ ...jobRecord('sft'), id, status: 'completed' as const, step: 20, totalSteps: 20 }));
      return { jobs, nextCursor: query.cursor === undefined ? 'page-2' : undefined };
    });
    bus.register('trainer-gateway.job.cancel', async ({ jobId }) => {
      this.cancelled.push(jobId);
      return { jobId, status: 'cancelled' as const };
    });
  }

  private record(jobId: string): TrainingJobRecord {
    const request = this.submitted.find((r) => r.jobId === jobId);
    if (!request) throw new BusError('NOT_FOUND', `no training job ${jobId}`);
    const metrics = [step(1, { loss: 2, tokensPerSecond: 500 }), step(2, { loss: 1.5, tokensPerSecond: 700 })];
    return { ...jobRecord(request.kind), id: jobId, request, step: 2, totalSteps: 2, metrics, ...this.outcome };
  }

  /** Running at step 1 on the first call, then as the outcome says. */
  private report(jobId: string): TrainerGatewayJobReport {
    const r = this.record(jobId);
    this.statusCalls += 1;
    const running = this.statusCalls === 1;
    const training = { ...r, status: running ? ('running' as const) : r.status, step: running ? 1 : 2, last: r.metrics[running ? 0 : 1] };
    const status = running ? 'running' : this.outcome.status === 'failed' ? 'failed' : 'completed';
    return { jobId, kind: r.kind, status, progress: { done: training.step, total: 2 }, attempts: 1, training, error: this.outcome.error };
  }
}

function harness(follow = true) {
  const out = new TextSink();
  const err = new TextSink();
  const ctx = new CliContext(() => loadCliConfig({}), out, err);
  const bus = new InMemoryBus({ service: 'cli' });
  jest.spyOn(ctx, 'bus').mockResolvedValue(bus as unknown as NatsBus);
  const gateway = new FakeGateway(bus, follow);
  const program = new Command('astra').exitOverride().configureOutput({ writeErr: (t) => err.write(t), writeOut: (t) => out.write(t) });
  registerTrainCommand(program, ctx);
  registerJobsCommand(program, ctx);
  const run = async (...args: string[]) => {
    await program.parseAsync(args, { from: 'user' });
    await bus.idle();
  };
  return { out, err, bus, gateway, run };
}

describe('astra train', () => {
  it('queues the job under its message id, follows it to its end and prints the summary', async () => {
    const h = harness();
    await h.run('train', 'sft', '--data', 'traj-1', 'traj-2', '--steps', '2', '--job-id', 'sft-9', '--layers', '2');
    const [message] = h.bus.published;
    expect(message?.key).toBe('trainer-gateway.job.submitted');
    expect(message?.envelope.id).toBe(trainingJobMessageId('sft-9'));
    expect(h.gateway.submitted[0]).toMatchObject({
      kind: 'sft',
      jobId: 'sft-9',
      trajectoryJobs: ['traj-1', 'traj-2'],
      model: { layers: 2 },
    });
    expect(h.gateway.statusCalls).toBe(2);
    expect(h.out.text).toContain('sft job sft-9 (local): completed at step 2/2');
    expect(h.out.text).toContain('final loss 1.500 (step 2), 600 tokens/s');
    expect(h.err.text).toContain('sft job sft-9 queued');
  });

  it('with --no-wait, queues the job and prints its id without following it', async () => {
    const h = harness();
    await h.run('train', 'grpo', '--from', 'sft-9', '--env-job', 'env-1', '-G', '4', '-n', '2', '--job-id', 'g-1', '--no-wait');
    expect(h.gateway.submitted[0]).toMatchObject({ kind: 'grpo', environments: { jobId: 'env-1', split: 'train' } });
    expect(h.gateway.statusCalls).toBe(0);
    expect(h.out.text).toBe('job g-1 queued; follow it with: astra jobs show g-1\n');
  });

  it('refuses bad options before anything is queued, saying which', async () => {
    const h = harness();
    const failure = await h.run('train', 'sft', '--data', 't', '--model-width', '8').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UsageError);
    expect(describeFailure(failure)).toMatch(/^error: the training request is not valid:\n {2}model\.width: /);
    const noModel = await h.run('train', 'eval', '--env-job', 'env-1').catch((error: unknown) => error);
    expect(describeFailure(noModel)).toContain('an eval job starts from a model');
    expect(h.bus.published).toEqual([]);
  });

  it('prints the summary of a failed job, then fails with its recorded error', async () => {
    const h = harness();
    h.gateway.outcome = { status: 'failed', error: { code: 'NOT_FOUND', message: 'no trajectory job traj-1' } };
    const failure = await h.run('train', 'sft', '--data', 'traj-1', '--job-id', 'sft-f').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BusError);
    expect(describeFailure(failure)).toBe('error: NOT_FOUND: no trajectory job traj-1');
    expect(h.out.text).toContain('error: NOT_FOUND: no trajectory job traj-1');
  });

  it('a cancelled job is not a success', async () => {
    const h = harness();
    h.gateway.outcome = { status: 'cancelled' };
    const failure = await h
      .run('train', 'eval', '--from', 'ck', '--env-job', 'env-1', '--job-id', 'e-c', '--json')
      .catch((error: unknown) => error);
    expect(describeFailure(failure)).toMatch(/^error: (CANCELLED|CONFLICT): job e-c was cancelled$/);
    expect(JSON.parse(h.out.text)).toMatchObject({ id: 'e-c', status: 'cancelled', kind: 'eval' });
  });
});

describe('a job refused before the gateway stored it', () => {
  it('prints its report and fails with its reason', async () => {
    const h = harness(false);
    const refused = { code: 'VALIDATION_FAILED', message: 'trajectory job traj-x has no accepted trajectories' };
    const report: TrainerGatewayJobReport = {
      jobId: 'r-1',
      status: 'failed',
      progress: { done: 0, total: 0 },
      attempts: 1,
      error: refused,
    };
    h.bus.register('trainer-gateway.job.status', async () => report);
    h.bus.register('trainer-gateway.job.show', async () => {
      throw new BusError('NOT_FOUND', 'no training job r-1');
    });
    const failure = await h.run('train', 'sft', '--data', 'traj-x', '--job-id', 'r-1').catch((error: unknown) => error);
    expect(describeFailure(failure)).toBe(`error: VALIDATION_FAILED: ${refused.message}`);
    expect(h.out.text).toBe(`job r-1 (not started): failed, 0/0: VALIDATION_FAILED: ${refused.message}\n`);
  });
});

describe('astra jobs cancel', () => {
  it('asks trainer-gateway to cancel the job and says so', async () => {
    const h = harness();
    await h.run('jobs', 'cancel', 'sft-3');
    expect(h.gateway.cancelled).toEqual(['sft-3']);
    expect(h.out.text).toBe('job sft-3 cancelled\n');
  });
});

describe('astra jobs ls and show', () => {
  it('passes the filters and pages until --limit jobs are in', async () => {
    const h = harness();
    await h.run('jobs', 'ls', '--kind', 'sft', '--status', 'completed', '--backend', 'local', '--limit', '3');
    expect(h.gateway.listed).toEqual([
      { kind: 'sft', status: 'completed', backend: 'local', limit: 3 },
      { kind: 'sft', status: 'completed', backend: 'local', cursor: 'page-2', limit: 1 },
    ]);
    const ids = h.out.text
      .split('\n')
      .slice(1, -2)
      .map((line) => line.split(' ')[0]);
    expect(ids).toEqual(['j1', 'j2', 'j3']);
    expect(h.out.text).toContain('3 job(s)');
  });

  it('shows one job, as text or JSON', async () => {
    const h = harness();
    await h.run('train', 'sft', '--data', 'traj-1', '--job-id', 's-1', '--no-wait');
    await h.run('jobs', 'show', 's-1');
    expect(h.out.text).toContain('sft job s-1 (local): completed, step 2/2');
    await h.run('jobs', 'show', 's-1', '--json');
    expect(JSON.parse(h.out.text.slice(h.out.text.indexOf('{')))).toMatchObject({ id: 's-1', metrics: [{ step: 1 }, { step: 2 }] });
  });
});
