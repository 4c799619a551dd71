// env-compiler benchmark: a kb synthesis job end to end through NATS (env-compiler in this process, the verifier as
// its own process, SQLite in a temp dir), against baselines measured in the same run: kb generation alone, and raw
// `sandbox.tool.call` RPCs making the same checks on the same verifier.
// Run: node -r @swc-node/register bench/env-compiler/env-compiler.bench.ts   (needs nats-server on NATS_URL)
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { EnvCompilerJobReport, EnvironmentRecord } from '@astra/contracts';
import { ENV_COMPILER_ENTITIES, ENV_COMPILER_MIGRATIONS } from '@astra/persistence/env-compiler';
import { deleteNamespace, NatsBus } from '@astra/platform/bus';
import { serviceDatabaseOptions } from '@astra/platform/database';
import { startService } from '@astra/platform/runtime';
import { ServiceProcess, waitFor } from '@astra/testing';
import { loadEnvCompilerConfig } from '../../apps/env-compiler/src/env-compiler.config';
import { EnvCompilerModule } from '../../apps/env-compiler/src/env-compiler.module';
import { KbKnowledgeLoader } from '../../apps/env-compiler/src/strategies/kb/kb-knowledge.loader';
import { KB_HOPS, measureGeneration, measureRawCalls, pooled, type GenerationFigures, type RawCallFigures } from './baselines';
import { report, type JobFigures } from './report';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const ROOT = resolve(__dirname, '../..');
const UNITS = Number(process.env['BENCH_UNITS'] ?? 300);
const SEED = 20261201;
const WARM_UP_UNITS = 24;
const PYTHON_WORKERS = '2';
/** Environments whose checks the raw baseline makes (about 8.5 calls each). */
const RAW_ENVIRONMENTS = 200;

/** The verifier's environment: this process's PATH and HOME, the bench's bus, 2 Python workers (info logs: ready() reads the listening line). */
function verifierEnv(common: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'NODE_OPTIONS') env[key] = value;
  return {
    ...env,
    ...common,
    OTEL_SDK_DISABLED: 'true',
    LOG_LEVEL: 'info',
    SANDBOX_PYTHON_WORKERS: PYTHON_WORKERS,
    SANDBOX_JS_WORKERS: '1',
  };
}

/** Publishes a synthesis job and polls its status as the CLI does, noting when the units are done and when it ends. */
async function runJob(cli: NatsBus, jobId: string, count: number, seed: number): Promise<JobFigures> {
  const started = performance.now();
  await cli.publish('env-compiler.synthesis.requested', { jobId, strategy: 'kb', count, seed, hops: KB_HOPS }, { id: jobId });
  let runningAt: number | undefined;
  let unitsDoneAt: number | undefined;
  const final = await waitFor(
    async (): Promise<EnvCompilerJobReport | undefined> => {
      const status = await cli.request('env-compiler.job.status', { jobId });
      const now = performance.now();
      if (status.status !== 'pending') runningAt ??= now;
      if (status.progress.total > 0 && status.progress.done >= status.progress.total) unitsDoneAt ??= now;
      return status.status === 'completed' || status.status === 'failed' ? status : undefined;
    },
    { timeoutMs: 110_000, intervalMs: 25, what: `job ${jobId} to finish` },
  );
  const ended = performance.now();
  if (final.status !== 'completed' || !final.synthesis) throw new Error(`job ${jobId} ${final.status}: ${JSON.stringify(final.error)}`);
  const s = (a: number, b: number): number => (b - a) / 1000;
  return {
    summary: final.synthesis,
    seconds: s(started, ended),
    phases: {
      'queued → running': s(started, runningAt ?? ended),
      'units (generate, check, store)': s(runningAt ?? started, unitsDoneAt ?? ended),
      'distractor pools, summary': s(unitsDoneAt ?? ended, ended),
    },
    environments: [],
  };
}

/** Every environment the job published, whole (their verification holds the checks). */
async function exported(cli: NatsBus, jobId: string): Promise<EnvironmentRecord[]> {
  const all: EnvironmentRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await cli.request('env-compiler.environment.export', { jobId, limit: 50, ...(cursor ? { cursor } : {}) });
    all.push(...page.environments);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

interface Services {
  readonly cli: NatsBus;
  readonly checkLimits: { timeMs: number; memoryMb: number };
  /** ENV_UNIT_CONCURRENCY (its default): the job's calls in flight, and the raw baseline's. */
  readonly unitConcurrency: number;
  readonly close: () => Promise<void>;
}

async function startServices(namespace: string, dataDir: string): Promise<Services> {
  const common = { NATS_URL, ASTRA_NAMESPACE: namespace, ASTRA_INSECURE_LOCAL_BUS: 'true', PORT: '0' };
  const verifier = new ServiceProcess('verifier', verifierEnv(common), ROOT);
  let app: INestApplication | undefined;
  let cli: NatsBus | undefined;
  const close = async (): Promise<void> => {
    await cli?.close();
    await app?.close();
    await verifier.stop().catch(() => verifier.kill());
    await deleteNamespace(NATS_URL, namespace);
  };
  try {
    const config = loadEnvCompilerConfig({ ...common, ASTRA_DATA_DIR: dataDir, LOG_LEVEL: 'warn', OTEL_SDK_DISABLED: 'true' });
    const database = serviceDatabaseOptions('env-compiler', config, {
      entities: ENV_COMPILER_ENTITIES,
      migrations: ENV_COMPILER_MIGRATIONS,
    });
    app = await startService({
      name: 'env-compiler',
      loadConfig: () => config,
      module: () => EnvCompilerModule.forRoot({ config, database }),
    });
    cli = await new NatsBus({ service: 'cli', servers: NATS_URL, namespace }).connect();
    await verifier.ready(90_000);
    return { cli, checkLimits: { timeMs: config.ENV_CHECK_TIME_MS, memoryMb: 256 }, unitConcurrency: config.ENV_UNIT_CONCURRENCY, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function main(): Promise<void> {
  const namespace = `bench_envc_${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'astra-bench-envc-'));
  const loadStarted = performance.now();
  const kb = new KbKnowledgeLoader().load();
  const kbLoadS = (performance.now() - loadStarted) / 1000;
  const services = await startServices(namespace, dataDir);
  let generation: GenerationFigures;
  let raw: RawCallFigures;
  let job: JobFigures;
  try {
    // Warms the service (its knowledge base, the database, JIT) and the verifier's workers before anything is timed.
    await runJob(services.cli, 'bench-warm-up', WARM_UP_UNITS, SEED + 1);
    generation = measureGeneration(kb, UNITS, SEED, 3);
    const sample = generation.contents.slice(0, RAW_ENVIRONMENTS);
    // The raw baseline runs before and after the job and is pooled, so a burst of load elsewhere weighs on both sides.
    const rawOpts = { lanes: services.unitConcurrency, limits: services.checkLimits };
    const rawBefore = await measureRawCalls(services.cli, sample, rawOpts);
    job = await runJob(services.cli, 'bench-job', UNITS, SEED);
    raw = pooled([rawBefore, await measureRawCalls(services.cli, sample, rawOpts)]);
    job = { ...job, environments: await exported(services.cli, 'bench-job') };
  } finally {
    await services.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exitCode = report({
    kbLoadS,
    generation,
    raw,
    job,
    pythonWorkers: Number(PYTHON_WORKERS),
    unitConcurrency: services.unitConcurrency,
  })
    ? 0
    : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
