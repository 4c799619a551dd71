// learning benchmark: the proof that the factory's output trains a model. Every service runs as a process (SQLite in a
// temp dir, a namespace of its own) and the bench drives them through the astra CLI, as a user would: kb environments
// with an entity split, oracle SFT trajectories on the train side, then for each seed an SFT job, a GRPO job from it,
// and held-out evaluations of the untrained model (the SFT job's step-0 checkpoint), the SFT model and the SFT+GRPO one.
// Run: node -r @swc-node/register bench/learning/learning.bench.ts   (needs nats-server on NATS_URL)
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EvalResult, TrainingJobRecord } from '@astra/contracts';
import { deleteNamespace } from '@astra/platform/bus';
import { childEnv, ServiceProcess } from '@astra/testing';
import { report, type SeedFigures } from './report';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const ROOT = resolve(__dirname, '../..');
const ASTRA = join(ROOT, 'tools', 'bin', 'astra');
const num = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const SIZES = {
  environments: num('BENCH_ENVIRONMENTS', 1200),
  perTask: num('BENCH_PER_TASK', 4),
  seeds: num('BENCH_SEEDS', 3),
  sftSteps: num('BENCH_SFT_STEPS', 600),
  sftLr: process.env['BENCH_SFT_LR'] ?? '0.003',
  /** Entity names are rarer than this: spelled in characters, so copying an unseen name is what SFT learns. */
  minWordCount: num('BENCH_MIN_WORD_COUNT', 40),
  grpoSteps: num('BENCH_GRPO_STEPS', 8),
  groupSize: num('BENCH_GROUP_SIZE', 8),
  batchSize: num('BENCH_BATCH_SIZE', 6),
  grpoLr: process.env['BENCH_GRPO_LR'] ?? '0.0003',
  temperature: process.env['BENCH_TEMPERATURE'] ?? '0.7',
  evalLimit: num('BENCH_EVAL_LIMIT', 200),
  maxTurns: num('BENCH_MAX_TURNS', 6),
  /** The SFT data offers only each environment's own tools; with distractors the small model is off its distribution. */
  distractors: num('BENCH_DISTRACTORS_PER_BAND', 0),
};
const EPISODE_FLAGS = ['--max-turns', String(SIZES.maxTurns), '--distractors-per-band', String(SIZES.distractors)];
const SERVICES = ['verifier', 'env-compiler', 'rollout-broker', 'trajectory-synth', 'trainer-gateway'] as const;

/** Runs one astra command in the bench's namespace; resolves with its stdout, rejects with its output on failure. */
function astra(env: Record<string, string>, args: readonly string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(process.execPath, [ASTRA, ...args], { cwd: ROOT, env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error)
        reject(new Error(`astra ${args.join(' ')} failed (${String(error.code)}):\n${stdout.slice(-2000)}\n${stderr.slice(-4000)}`));
      else resolvePromise(stdout);
    });
  });
}

async function job(env: Record<string, string>, jobId: string): Promise<TrainingJobRecord> {
  return JSON.parse(await astra(env, ['jobs', 'show', jobId, '--json'])) as TrainingJobRecord;
}

async function evaluate(env: Record<string, string>, from: string, jobId: string): Promise<EvalResult> {
  const args = ['train', 'eval', '--from', from, '--env-job', 'bench-env', '--split', 'held-out', '--env-limit', String(SIZES.evalLimit)];
  await astra(env, [...args, ...EPISODE_FLAGS, '--job-id', jobId, '--timeout', '1800', '--json']);
  const record = await job(env, jobId);
  if (!record.eval) throw new Error(`evaluation ${jobId} has no result`);
  return record.eval;
}

async function prepareData(env: Record<string, string>): Promise<void> {
  const t0 = Date.now();
  await astra(
    env,
    ['env', 'synthesize', '--strategy', 'kb', '--count', String(SIZES.environments), '--seed', '7', '--min-hops', '1'].concat([
      '--max-hops',
      '2',
      '--split-by',
      'entity',
      '--held-out',
      '0.2',
      '--job-id',
      'bench-env',
      '--timeout',
      '1800',
    ]),
  );
  await astra(
    env,
    ['tasks', 'generate', '--from', 'environments', '--env-job', 'bench-env', '--split', 'train', '--count', '100000'].concat([
      '--job-id',
      'bench-tasks',
      '--timeout',
      '1800',
    ]),
  );
  await astra(
    env,
    ['trajectories', 'synthesize', '--tasks-job', 'bench-tasks', '--per-task', String(SIZES.perTask)].concat([
      '--detour-rate',
      '0.1',
      '--job-id',
      'bench-trajs',
      '--timeout',
      '1800',
    ]),
  );
  process.stdout.write(`data: environments, tasks and oracle trajectories in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}

async function runSeed(env: Record<string, string>, seed: number): Promise<SeedFigures> {
  const t0 = Date.now();
  const sftJob = `bench-sft-${seed}`;
  const grpoJob = `bench-grpo-${seed}`;
  const sftArgs = ['train', 'sft', '--data', 'bench-trajs', '--steps', String(SIZES.sftSteps), '--seed', String(seed)];
  const sftSettings = ['--lr', SIZES.sftLr, '--min-word-count', String(SIZES.minWordCount), '--checkpoint-every', String(SIZES.sftSteps)];
  await astra(env, [...sftArgs, ...sftSettings, '--job-id', sftJob, '--timeout', '1800', '--json']);
  const sft = await job(env, sftJob);
  const initial = sft.checkpoints.find((c) => c.step === 0);
  if (!initial) throw new Error(`${sftJob} wrote no step-0 checkpoint (the untrained model)`);
  const sftSeconds = (Date.now() - t0) / 1000;
  const untrained = await evaluate(env, initial.id, `bench-eval-untrained-${seed}`);
  const supervised = await evaluate(env, sftJob, `bench-eval-sft-${seed}`);
  const t1 = Date.now();
  await astra(
    env,
    ['train', 'grpo', '--from', sftJob, '--env-job', 'bench-env', '--split', 'train', '--steps', String(SIZES.grpoSteps)]
      .concat(['-G', String(SIZES.groupSize), '-n', String(SIZES.batchSize), '--lr', SIZES.grpoLr, '--seed', String(seed)])
      .concat(['--temperature', SIZES.temperature, ...EPISODE_FLAGS])
      .concat(['--checkpoint-every', String(SIZES.grpoSteps), '--job-id', grpoJob, '--timeout', '1800', '--json']),
  );
  const grpo = await job(env, grpoJob);
  const grpoSeconds = (Date.now() - t1) / 1000;
  const reinforced = await evaluate(env, grpoJob, `bench-eval-grpo-${seed}`);
  const sftMetrics = sft.metrics.filter((m) => m.tokensPerSecond !== undefined);
  return {
    seed,
    untrained,
    sft: supervised,
    grpo: reinforced,
    rewardCurve: grpo.metrics.map((m) => m.rewardMean ?? 0),
    sftLoss: sft.metrics.at(-1)?.loss ?? Number.NaN,
    sftTokensPerSecond: sftMetrics.reduce((s, m) => s + (m.tokensPerSecond ?? 0), 0) / Math.max(1, sftMetrics.length),
    sftSeconds,
    grpoSeconds,
    seconds: (Date.now() - t0) / 1000,
  };
}

async function main(): Promise<void> {
  const namespace = `bench-learning-${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'astra-bench-learning-'));
  const common = { NATS_URL, ASTRA_NAMESPACE: namespace, ASTRA_INSECURE_LOCAL_BUS: 'true', OTEL_SDK_DISABLED: 'true' };
  const env = childEnv(common);
  const started: ServiceProcess[] = [];
  const t0 = Date.now();
  try {
    for (const name of SERVICES) {
      const dir = join(dataDir, name);
      started.push(new ServiceProcess(name, childEnv({ ...common, PORT: '0', LOG_LEVEL: 'info', ASTRA_DATA_DIR: dir }), ROOT));
    }
    await Promise.all(started.map((s) => s.ready(120_000)));
    process.stdout.write(`sizes: ${JSON.stringify(SIZES)}\n`);
    await prepareData(env);
    const seeds: SeedFigures[] = [];
    for (let seed = 1; seed <= SIZES.seeds; seed++) {
      const figures = await runSeed(env, seed);
      process.stdout.write(
        `seed ${seed}: ${figures.seconds.toFixed(0)} s (SFT ${figures.sftSeconds.toFixed(0)} s, GRPO ${figures.grpoSeconds.toFixed(0)} s)\n`,
      );
      seeds.push(figures);
    }
    const ok = report(seeds, (Date.now() - t0) / 1000);
    process.exitCode = ok ? 0 : 1;
  } finally {
    for (const s of started) s.kill();
    await deleteNamespace(NATS_URL, namespace).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
