// trajectory-synth benchmark: trajectories per minute with the oracle agent and with a scripted model (the LLM test
// server answering tool calls instantly) at 32 concurrent, over compiled environments in verifier sessions; and the
// service's overhead per tool call against the same calls made as raw sandbox RPCs. env-compiler and trajectory-synth
// run in this process (SQLite in temp dirs), the verifier as a process of its own.
// Run: node -r @swc-node/register bench/trajectory-synth/trajectory-synth.bench.ts   (needs nats-server on NATS_URL)
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type {
  EnvironmentRecord,
  PayloadInputOf,
  Registry,
  TaskRecord,
  TrajectoryRecord,
  TrajectorySynthesisSummary,
} from '@astra/contracts';
import { ENV_COMPILER_ENTITIES, ENV_COMPILER_MIGRATIONS } from '@astra/persistence/env-compiler';
import { TRAJECTORY_SYNTH_ENTITIES, TRAJECTORY_SYNTH_MIGRATIONS } from '@astra/persistence/trajectory-synth';
import { deleteNamespace, NatsBus } from '@astra/platform/bus';
import { serviceDatabaseOptions } from '@astra/platform/database';
import { startService } from '@astra/platform/runtime';
import { LlmTestServer, ServiceProcess, waitFor } from '@astra/testing';
import { loadEnvCompilerConfig } from '../../apps/env-compiler/src/env-compiler.config';
import { EnvCompilerModule } from '../../apps/env-compiler/src/env-compiler.module';
import { loadTrajectorySynthConfig } from '../../apps/trajectory-synth/src/trajectory-synth.config';
import { TrajectorySynthModule } from '../../apps/trajectory-synth/src/trajectory-synth.module';
import { callDirect } from './direct-calls';
import { report, type OverheadFigures, type RunFigures } from './report';
import { scriptedAgentRules } from './scripted-model';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const ROOT = resolve(__dirname, '../..');
const ENVIRONMENTS = Number(process.env['BENCH_ENVIRONMENTS'] ?? 64);
const PER_TASK = Number(process.env['BENCH_PER_TASK'] ?? 8);
const CONCURRENCY = 32;
const OVERHEAD_TRAJECTORIES = 24;
const LIMITS = { timeMs: 5_000 };

type SynthesisRequest = PayloadInputOf<Registry, 'trajectory-synth.trajectories.requested'>;
const quiet = { LOG_LEVEL: 'warn', OTEL_SDK_DISABLED: 'true' };

function verifierEnv(common: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'NODE_OPTIONS') env[key] = value;
  return { ...env, ...common, OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'info', SANDBOX_PYTHON_WORKERS: '2', SANDBOX_JS_WORKERS: '1' };
}

async function startEnvCompiler(common: Record<string, string>, dataDir: string): Promise<INestApplication> {
  const config = loadEnvCompilerConfig({ ...common, ...quiet, ASTRA_DATA_DIR: dataDir });
  const database = serviceDatabaseOptions('env-compiler', config, { entities: ENV_COMPILER_ENTITIES, migrations: ENV_COMPILER_MIGRATIONS });
  return startService({ name: 'env-compiler', loadConfig: () => config, module: () => EnvCompilerModule.forRoot({ config, database }) });
}

async function startSynth(
  common: Record<string, string>,
  dataDir: string,
  concurrency: number,
  llm?: LlmTestServer,
): Promise<INestApplication> {
  const role = llm
    ? { endpoints: [{ baseUrl: llm.baseUrl }], model: 'scripted', retries: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 } }
    : undefined;
  const config = loadTrajectorySynthConfig({
    ...common,
    ...quiet,
    ASTRA_DATA_DIR: dataDir,
    TRAJ_CONCURRENCY: String(concurrency),
    ...(role ? { ASTRA_LLM_CONFIG_JSON: JSON.stringify({ roles: { agent: role } }) } : {}),
  });
  const database = serviceDatabaseOptions('trajectory-synth', config, {
    entities: TRAJECTORY_SYNTH_ENTITIES,
    migrations: TRAJECTORY_SYNTH_MIGRATIONS,
  });
  return startService({
    name: 'trajectory-synth',
    loadConfig: () => config,
    module: () => TrajectorySynthModule.forRoot({ config, database }),
  });
}

async function pages<P extends { nextCursor?: string | undefined }, T>(
  fetch: (cursor?: string) => Promise<P>,
  items: (page: P) => T[],
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    all.push(...items(page));
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

async function waitJob(cli: NatsBus, jobId: string, what: string) {
  return waitFor(
    async () => {
      const s = await cli.request('trajectory-synth.job.status', { jobId });
      if (s.status === 'failed') throw new Error(`${what} failed: ${s.error?.code}: ${s.error?.message}`);
      return s.status === 'completed' ? s : undefined;
    },
    { timeoutMs: 600_000, intervalMs: 20, what },
  );
}

async function environments(cli: NatsBus): Promise<EnvironmentRecord[]> {
  await cli.publish(
    'env-compiler.synthesis.requested',
    { jobId: 'bench-envs', strategy: 'kb', count: ENVIRONMENTS, seed: 7 },
    { id: 'bench-envs' },
  );
  await waitFor(async () => (await cli.request('env-compiler.job.status', { jobId: 'bench-envs' })).status === 'completed', {
    timeoutMs: 300_000,
    intervalMs: 100,
    what: 'the environments',
  });
  return pages(
    (cursor) => cli.request('env-compiler.environment.export', { jobId: 'bench-envs', limit: 50, ...(cursor ? { cursor } : {}) }),
    (page) => page.environments,
  );
}

async function tasks(cli: NatsBus): Promise<TaskRecord[]> {
  const request = {
    jobId: 'bench-tasks',
    input: { kind: 'environments' as const, jobId: 'bench-envs' },
    count: ENVIRONMENTS,
    strategy: 'template' as const,
  };
  await cli.publish('trajectory-synth.tasks.requested', request, { id: 'bench-tasks' });
  await waitJob(cli, 'bench-tasks', 'the tasks');
  const listed = await pages(
    (cursor) =>
      cli.request('trajectory-synth.task.list', { jobId: 'bench-tasks', accepted: true, limit: 1000, ...(cursor ? { cursor } : {}) }),
    (page) => page.tasks,
  );
  return Promise.all(listed.map(async (t) => (await cli.request('trajectory-synth.task.show', { id: t.id })).task));
}

/** Queues a synthesis job and waits for it; returns its summary and wall time. */
async function synthesize(cli: NatsBus, request: SynthesisRequest): Promise<{ summary: TrajectorySynthesisSummary; seconds: number }> {
  const started = performance.now();
  await cli.publish('trajectory-synth.trajectories.requested', request, { id: request.jobId });
  const done = await waitJob(cli, request.jobId, `job ${request.jobId}`);
  if (!done.trajectories) throw new Error(`job ${request.jobId} has no summary`);
  return { summary: done.trajectories, seconds: (performance.now() - started) / 1000 };
}

/** How often each reason rejected a job's trajectories (a rule's name and detail, cut to its first words). */
async function rejections(cli: NatsBus, jobId: string): Promise<Record<string, number>> {
  const rejected = await pages(
    (cursor) => cli.request('trajectory-synth.trajectory.list', { jobId, verdict: 'rejected', limit: 1000, ...(cursor ? { cursor } : {}) }),
    (page) => page.trajectories,
  );
  const counts: Record<string, number> = {};
  for (const t of rejected) {
    const { trajectory } = await cli.request('trajectory-synth.trajectory.show', { id: t.id });
    for (const reason of trajectory.judgement?.reasons ?? []) {
      const key = reason.split(/\s+/).slice(0, 8).join(' ');
      counts[key] = (counts[key] ?? 0) + 1;
    }
  }
  return counts;
}

async function rates(
  cli: NatsBus,
  common: Record<string, string>,
  dataDir: string,
  llm: LlmTestServer,
  tasks: number,
): Promise<RunFigures[]> {
  const synth = await startSynth(common, dataDir, CONCURRENCY, llm);
  try {
    const base = { tasks: { jobId: 'bench-tasks' }, executor: 'compiled' as const, perTask: PER_TASK, seed: 1 };
    await synthesize(cli, { ...base, jobId: 'bench-warm-up', agent: 'oracle', tasks: { jobId: 'bench-tasks', limit: 8 }, perTask: 1 });
    const oracle = await synthesize(cli, { ...base, jobId: 'bench-oracle', agent: 'oracle' });
    const model = await synthesize(cli, { ...base, jobId: 'bench-model', agent: 'model' });
    return [
      {
        label: 'oracle agent',
        concurrency: CONCURRENCY,
        expected: tasks * PER_TASK,
        reasons: await rejections(cli, 'bench-oracle'),
        ...oracle,
      },
      {
        label: 'scripted model (instant)',
        concurrency: CONCURRENCY,
        expected: tasks * PER_TASK,
        reasons: await rejections(cli, 'bench-model'),
        ...model,
      },
    ];
  } finally {
    await synth.close();
  }
}

async function overhead(
  cli: NatsBus,
  common: Record<string, string>,
  dataDir: string,
  taskRecords: readonly TaskRecord[],
  envs: readonly EnvironmentRecord[],
): Promise<OverheadFigures> {
  const synth = await startSynth(common, dataDir, 1);
  try {
    const request = {
      tasks: { jobId: 'bench-tasks', limit: OVERHEAD_TRAJECTORIES },
      agent: 'oracle' as const,
      executor: 'compiled' as const,
    };
    const plain = { ...request, detourRate: 0, judge: false };
    await synthesize(cli, { ...plain, jobId: 'bench-overhead-warm-up', seed: 2, tasks: { jobId: 'bench-tasks', limit: 4 } });
    const { seconds } = await synthesize(cli, { ...plain, jobId: 'bench-overhead', seed: 3 });
    const listed = await pages(
      (cursor) => cli.request('trajectory-synth.trajectory.list', { jobId: 'bench-overhead', limit: 1000, ...(cursor ? { cursor } : {}) }),
      (page) => page.trajectories,
    );
    const records: TrajectoryRecord[] = await Promise.all(
      listed.map(async (t) => (await cli.request('trajectory-synth.trajectory.show', { id: t.id })).trajectory),
    );
    const started = performance.now();
    const direct = await callDirect(cli, records, new Map(taskRecords.map((t) => [t.id, t])), new Map(envs.map((e) => [e.id, e])), LIMITS);
    const directSeconds = (performance.now() - started) / 1000;
    const perCallMs = records
      .filter((t) => t.calls.length > 0 && direct.has(t.id))
      .map((t) => (t.timings.wallMs - (direct.get(t.id) ?? 0)) / t.calls.length)
      .sort((a, b) => a - b);
    const calls = records.reduce((n, t) => n + t.calls.length, 0);
    return { trajectories: records.length, calls, serviceSeconds: seconds, directSeconds, perCallMs };
  } finally {
    await synth.close();
  }
}

async function main(): Promise<void> {
  const namespace = `bench_ts_${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'astra-bench-ts-'));
  const common = { NATS_URL, ASTRA_NAMESPACE: namespace, ASTRA_INSECURE_LOCAL_BUS: 'true', PORT: '0' };
  const verifier = new ServiceProcess('verifier', verifierEnv(common), ROOT);
  const llm = new LlmTestServer();
  let envCompiler: INestApplication | undefined;
  let cli: NatsBus | undefined;
  let ok = false;
  try {
    await llm.start();
    envCompiler = await startEnvCompiler(common, join(dataDir, 'env'));
    cli = await new NatsBus({ service: 'cli', servers: NATS_URL, namespace }).connect();
    await verifier.ready(90_000);
    const envs = await environments(cli);
    // A first instance makes the tasks (template: no model), so the scripted model's rules can follow their plans.
    const maker = await startSynth(common, join(dataDir, 'synth'), CONCURRENCY);
    const taskRecords = await tasks(cli).finally(() => maker.close());
    llm.setRules(scriptedAgentRules(taskRecords));
    const runs = await rates(cli, common, join(dataDir, 'synth'), llm, taskRecords.length);
    const figures = await overhead(cli, common, join(dataDir, 'synth'), taskRecords, envs);
    ok = report(taskRecords.length, runs, figures);
  } finally {
    await cli?.close();
    await envCompiler?.close();
    await llm.stop();
    await verifier.stop().catch(() => verifier.kill());
    await deleteNamespace(NATS_URL, namespace);
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exitCode = ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
