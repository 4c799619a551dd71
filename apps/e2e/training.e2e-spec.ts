import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvironmentSummary, EpisodeSummary, TrainingJobRecord, TrainingJobSummary } from '@astra/contracts';
import { waitFor } from '@astra/testing';
import { ServiceHarness } from './support/service-harness';

jest.setTimeout(400_000);

// A tiny model from scratch: the spec is about the pipeline through the CLI, not about what a model learns.
const TINY = ['--model-width', '32', '--layers', '1', '--heads', '2', '--context', '256'];
const SFT_STEPS = 40;
// Policy turns of an episode: a tiny model rarely ends an episode by itself, so few turns keep the rollouts short.
const MAX_TURNS = ['--max-turns', '2'];

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** Whether a process with this pid exists (kill with signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

describe('verifier, env-compiler, rollout-broker, trajectory-synth and trainer-gateway as processes, driven by `astra train` and `astra jobs`', () => {
  const gateway = new ServiceHarness('trainer-gateway');
  const dirs = ['env-compiler', 'rollout-broker', 'trajectory-synth'].map((name) => mkdtempSync(join(tmpdir(), `astra-e2e-${name}-`)));
  let split = { train: 0, heldOut: 0 };

  const show = async (jobId: string): Promise<TrainingJobRecord> =>
    JSON.parse(await gateway.cliOk(['jobs', 'show', jobId, '--json'])) as TrainingJobRecord;

  beforeAll(async () => {
    // No model anywhere: template tasks, the oracle agent, compiled tools, rules-mode judging; the policy is the worker's.
    const [envCompilerData, brokerData, synthData] = dirs as [string, string, string];
    await Promise.all([
      gateway.companion('verifier').ready(),
      gateway.companion('env-compiler', { ASTRA_DATA_DIR: envCompilerData }).ready(),
      gateway.companion('rollout-broker', { ASTRA_DATA_DIR: brokerData }).ready(),
      gateway.companion('trajectory-synth', { ASTRA_DATA_DIR: synthData }).ready(),
      gateway.start({ TRAINER_WORKER_THREADS: '1' }),
    ]);
    const synthesized = await gateway.cliOk([
      'env',
      'synthesize',
      '--strategy',
      'kb',
      '--count',
      '60',
      '--seed',
      '5',
      '--split-by',
      'entity',
      '--held-out',
      '0.2',
      '--job-id',
      'envs',
      '--timeout',
      '250',
    ]);
    // An entity split keeps out the environments that mix held-out and train entities.
    const [, train, held] = /^split: (\d+) train, (\d+) held out$/m.exec(synthesized) ?? [];
    split = { train: Number(train), heldOut: Number(held) };
    expect(split.heldOut).toBeGreaterThan(0);
    await gateway.cliOk([
      'tasks',
      'generate',
      '--from',
      'environments',
      '--env-job',
      'envs',
      '--split',
      'train',
      '--count',
      '12',
      '--job-id',
      'tasks',
    ]);
    const made = await gateway.cliOk([
      'trajectories',
      'synthesize',
      '--tasks-job',
      'tasks',
      '--per-task',
      '2',
      '--seed',
      '1',
      '--job-id',
      'trajs',
    ]);
    expect(made).toMatch(/^job trajs: \d+ trajectories made, [1-9]\d* accepted/m);
  });

  afterAll(async () => {
    await gateway.dispose();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('trains SFT from scratch on the trajectories: a metric for every step, checkpoints with lineage, a falling loss', async () => {
    const args = ['train', 'sft', '--data', 'trajs', '--steps', String(SFT_STEPS), ...TINY, '--checkpoint-every', '20', '--job-id', 'sft'];
    const summary = await gateway.cliOk(args);
    expect(summary).toMatch(/^sft job sft \(local\): completed at step 40\/40$/m);
    expect(summary).toMatch(/^final loss \d+\.\d{3} \(step 40\), .*\d+ tokens\/s$/m);

    const job = await show('sft');
    expect(job.status).toBe('completed');
    expect(job.metrics.map((m) => m.step)).toEqual(Array.from({ length: SFT_STEPS }, (_, i) => i + 1));
    const losses = job.metrics.map((m) => m.loss!);
    expect(losses.every((loss) => Number.isFinite(loss))).toBe(true);
    // Means of a few steps, so that one noisy batch decides nothing.
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)));

    const [first, middle, last, ...more] = job.checkpoints;
    expect(more).toEqual([]);
    expect([first?.step, middle?.step, last?.step]).toEqual([0, 20, 40]);
    expect(first!.parentId).toBeNull();
    expect(middle!.dataHashes.length).toBeGreaterThan(0);
    expect(last!.dataHashes.length).toBeGreaterThan(0);
    expect(job.checkpoints.every((c) => c.jobId === 'sft' && c.kind === 'sft' && c.version === `sft@${c.step}`)).toBe(true);
    expect(summary).toContain(`checkpoint ${last!.id} (step 40, version sft@40)`);
    // Lineage: each checkpoint names the one before it, back to the untrained model at step 0 (as grpo's do).
    expect(middle!.parentId).toBe(first!.id);
    expect(last!.parentId).toBe(middle!.id);
  });

  it('evaluates the SFT checkpoint on each held-out environment once, in a rollout batch of its own', async () => {
    const summary = await gateway.cliOk([
      'train',
      'eval',
      '--from',
      'sft',
      '--env-job',
      'envs',
      '--split',
      'held-out',
      ...MAX_TURNS,
      '--job-id',
      'eval',
    ]);
    expect(summary).toMatch(/^eval job eval \(local\): completed/m);
    expect(summary).toMatch(/^mean F1 reward \d\.\d{3} ± \d\.\d{3}, solved \d+\.\d%, recall \d\.\d{3}, \d+\.\d calls per episode$/m);

    const heldOut = JSON.parse(
      await gateway.cliOk(['env', 'ls', '--job', 'envs', '--split', 'held-out', '--limit', '1000', '--json']),
    ) as EnvironmentSummary[];
    expect(heldOut).toHaveLength(split.heldOut);
    const job = await show('eval');
    expect(job.status).toBe('completed');
    const result = job.eval!;
    expect(result.episodes).toBe(heldOut.length);
    expect(result.checkpointId).toBe((await show('sft')).checkpoints.at(-1)!.id);

    const episodes = JSON.parse(
      await gateway.cliOk(['rollouts', 'ls', '--job', result.rolloutJobId, '--limit', '1000', '--json']),
    ) as EpisodeSummary[];
    expect(episodes).toHaveLength(heldOut.length);
    expect(new Set(episodes.map((e) => e.environmentId))).toEqual(new Set(heldOut.map((e) => e.id)));
  });

  it('runs GRPO steps from the SFT checkpoint against the broker', async () => {
    const sftLast = (await show('sft')).checkpoints.at(-1)!;
    const rl = ['--env-job', 'envs', '--split', 'train', '--steps', '2', '-G', '4', '-n', '2', '--max-groups', '4', ...MAX_TURNS];
    const summary = await gateway.cliOk(['train', 'grpo', '--from', 'sft', ...rl, '--job-id', 'grpo']);
    expect(summary).toMatch(/^grpo job grpo \(local\): completed at step 2\/2$/m);

    const job = await show('grpo');
    expect(job.status).toBe('completed');
    // A tiny model may earn no reward at all, so its steps skip the update: the steps are measured either way.
    expect(job.metrics.map((m) => m.step)).toEqual([1, 2]);
    expect(job.metrics.every((m) => m.rewardMean !== undefined && m.rewardMean >= 0 && m.rewardMean <= 1)).toBe(true);
    expect(job.checkpoints.length).toBeGreaterThan(0);
    expect(job.checkpoints[0]!.parentId).toBe(sftLast.id);
    expect(job.checkpoints.at(-1)!.step).toBe(2);
    job.checkpoints.slice(1).forEach((c, i) => expect(c.parentId).toBe(job.checkpoints[i]!.id));

    // The step's batch drew on the train side of the split only.
    const train = JSON.parse(
      await gateway.cliOk(['env', 'ls', '--job', 'envs', '--split', 'train', '--limit', '1000', '--json']),
    ) as EnvironmentSummary[];
    expect(train).toHaveLength(split.train);
    const episodes = JSON.parse(
      await gateway.cliOk(['rollouts', 'ls', '--job', 'grpo.rollouts.step-1', '--limit', '1000', '--json']),
    ) as EpisodeSummary[];
    expect(episodes.length).toBeGreaterThan(0);
    const trainIds = new Set(train.map((e) => e.id));
    expect(episodes.every((e) => trainIds.has(e.environmentId))).toBe(true);
  });

  it('lists the three jobs with their kinds and statuses', async () => {
    const jobs = JSON.parse(await gateway.cliOk(['jobs', 'ls', '--json'])) as TrainingJobSummary[];
    const byId = new Map(jobs.map((j) => [j.id, j]));
    expect(['sft', 'eval', 'grpo'].map((id) => [byId.get(id)?.kind, byId.get(id)?.status])).toEqual([
      ['sft', 'completed'],
      ['eval', 'completed'],
      ['grpo', 'completed'],
    ]);
    const table = await gateway.cliOk(['jobs', 'ls']);
    expect(table).toMatch(/^ID\s+KIND\s+BACKEND\s+STATUS\s+STEP/);
    expect(table).toMatch(/^grpo\s+grpo\s+local\s+completed\s+2\/2\s/m);
    expect(table).toMatch(/^sft\s+sft\s+local\s+completed\s+40\/40\s/m);
  });

  it('cancels a running SFT job: its worker stops, the job is cancelled and the CLI following it exits 1', async () => {
    const args = ['train', 'sft', '--data', 'trajs', '--steps', '100000', ...TINY, '--job-id', 'long'];
    expect(await gateway.cliOk([...args, '--no-wait'])).toMatch(/^job long queued; follow it with: astra jobs show long$/m);
    // The same job id again follows the queued job instead of queueing another.
    const following = gateway.cli([...args, '--timeout', '300']);
    const running = await waitFor(
      async () => {
        const job = await show('long');
        return job.worker.pid !== undefined && job.step >= 1 ? job : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 200, what: 'the long job to run a step' },
    );
    const pid = running.worker.pid!;
    expect(alive(pid)).toBe(true);

    await gateway.cliOk(['jobs', 'cancel', 'long']);
    const cancelled = await waitFor(
      async () => {
        const job = await show('long');
        return job.status === 'cancelled' && !alive(pid) ? job : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: 'the long job to be cancelled and its worker gone' },
    );
    expect(cancelled.step).toBeLessThan(100_000);
    expect(cancelled.worker.pid).toBeUndefined();

    const followed = await following;
    expect(followed.code).toBe(1);
    expect(followed.stderr).toMatch(/^error: CANCELLED: training job long was cancelled$/m);
    expect(followed.stdout).toMatch(/^sft job long \(local\): cancelled at step \d+\/100000$/m);
  });
});
