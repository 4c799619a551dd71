// rollout-broker benchmark: batches of oracle-policy episodes (a policy that answers instantly) through NATS, with
// env-compiler and rollout-broker in this process and the verifier as a process of its own (SQLite in temp dirs).
// Scale: how many episodes the broker holds at once and how many it finishes per second. Overhead: per environment
// step, what the broker takes beyond the same sandbox work done as direct RPCs (replayed from the stored episodes).
// Run: node -r @swc-node/register bench/rollout-broker/rollout-broker.bench.ts   (needs nats-server on NATS_URL)
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { EnvironmentRecord, EpisodeRecord, RolloutBatchRequestInput, RolloutBatchSummary } from '@astra/contracts';
import { ENV_COMPILER_ENTITIES, ENV_COMPILER_MIGRATIONS } from '@astra/persistence/env-compiler';
import { ROLLOUT_BROKER_ENTITIES, ROLLOUT_BROKER_MIGRATIONS } from '@astra/persistence/rollout-broker';
import { deleteNamespace, NatsBus } from '@astra/platform/bus';
import { serviceDatabaseOptions } from '@astra/platform/database';
import { startService } from '@astra/platform/runtime';
import { ServiceProcess, waitFor } from '@astra/testing';
import { loadEnvCompilerConfig } from '../../apps/env-compiler/src/env-compiler.config';
import { EnvCompilerModule } from '../../apps/env-compiler/src/env-compiler.module';
import { EpisodeSlots } from '../../apps/rollout-broker/src/batches/episode-slots';
import { loadRolloutBrokerConfig } from '../../apps/rollout-broker/src/rollout-broker.config';
import { RolloutBrokerModule } from '../../apps/rollout-broker/src/rollout-broker.module';
import { replayDirect } from './direct-replay';
import { report, type OverheadFigures, type ScaleFigures } from './report';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const ROOT = resolve(__dirname, '../..');
const ENVIRONMENTS = Number(process.env['BENCH_ENVIRONMENTS'] ?? 96);
const SCALE_LIMIT = 1024;
const SCALE_GROUPS = Number(process.env['BENCH_GROUPS'] ?? 256);
/**
 * One episode at a time in the overhead phase: each episode's time through the broker and replayed directly are then
 * both free of other episodes' contention for the verifier's workers, so their difference is the broker's own cost.
 */
const OVERHEAD_LANES = 1;
const TOOL_TIME_MS = 5_000;

function verifierEnv(common: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'NODE_OPTIONS') env[key] = value;
  return { ...env, ...common, OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'info', SANDBOX_PYTHON_WORKERS: '2', SANDBOX_JS_WORKERS: '1' };
}

const quiet = { LOG_LEVEL: 'warn', OTEL_SDK_DISABLED: 'true' };

async function startEnvCompiler(common: Record<string, string>, dataDir: string): Promise<INestApplication> {
  const config = loadEnvCompilerConfig({ ...common, ...quiet, ASTRA_DATA_DIR: dataDir });
  const database = serviceDatabaseOptions('env-compiler', config, { entities: ENV_COMPILER_ENTITIES, migrations: ENV_COMPILER_MIGRATIONS });
  return startService({ name: 'env-compiler', loadConfig: () => config, module: () => EnvCompilerModule.forRoot({ config, database }) });
}

async function startBroker(common: Record<string, string>, dataDir: string, episodeLimit: number): Promise<INestApplication> {
  const config = loadRolloutBrokerConfig({ ...common, ...quiet, ASTRA_DATA_DIR: dataDir, ROLLOUT_MAX_EPISODES: String(episodeLimit) });
  const database = serviceDatabaseOptions('rollout-broker', config, {
    entities: ROLLOUT_BROKER_ENTITIES,
    migrations: ROLLOUT_BROKER_MIGRATIONS,
  });
  return startService({
    name: 'rollout-broker',
    loadConfig: () => config,
    module: () => RolloutBrokerModule.forRoot({ config, database }),
  });
}

async function synthesize(cli: NatsBus, jobId: string, count: number): Promise<EnvironmentRecord[]> {
  await cli.publish('env-compiler.synthesis.requested', { jobId, strategy: 'kb', count, seed: 7 }, { id: jobId });
  await waitFor(
    async () => {
      const s = await cli.request('env-compiler.job.status', { jobId });
      if (s.status === 'failed') throw new Error(`synthesis failed: ${s.error?.message}`);
      return s.status === 'completed';
    },
    { timeoutMs: 300_000, intervalMs: 100, what: 'the environments' },
  );
  const all: EnvironmentRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await cli.request('env-compiler.environment.export', { jobId, limit: 50, ...(cursor ? { cursor } : {}) });
    all.push(...page.environments);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** Queues a batch and polls its status until it completes; calls `sample` on every poll. */
async function runBatch(
  cli: NatsBus,
  request: RolloutBatchRequestInput,
  sample: () => void,
): Promise<{ summary: RolloutBatchSummary; seconds: number }> {
  const started = performance.now();
  await cli.publish('rollout-broker.batch.requested', request, { id: request.jobId });
  const summary = await waitFor(
    async () => {
      sample();
      const s = await cli.request('rollout-broker.job.status', { jobId: request.jobId });
      if (s.status === 'failed') throw new Error(`batch failed: ${s.error?.code}: ${s.error?.message}`);
      return s.status === 'completed' ? s.batch : undefined;
    },
    { timeoutMs: 600_000, intervalMs: 20, what: `batch ${request.jobId}` },
  );
  return { summary, seconds: (performance.now() - started) / 1000 };
}

async function batchEpisodes(cli: NatsBus, jobId: string): Promise<EpisodeRecord[]> {
  const episodes: EpisodeRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await cli.request('rollout-broker.batch.groups', { jobId, limit: 16, ...(cursor ? { cursor } : {}) });
    for (const g of page.groups) episodes.push(...g.episodes);
    cursor = page.nextCursor;
  } while (cursor);
  return episodes;
}

const rssMb = (): number => process.memoryUsage().rss / 2 ** 20;
const policy = { kind: 'oracle' as const, version: 'bench-oracle', noise: 0.3 };

async function scalePhase(cli: NatsBus, common: Record<string, string>, dataDir: string): Promise<ScaleFigures> {
  const broker = await startBroker(common, dataDir, SCALE_LIMIT);
  try {
    const slots = broker.get(EpisodeSlots);
    await runBatch(
      cli,
      { jobId: 'bench-warm-up', environments: { jobId: 'bench-envs' }, policy, groupSize: 4, batchSize: 8 },
      () => undefined,
    );
    const rssBeforeMb = rssMb();
    let rssPeakMb = rssBeforeMb;
    let peakInFlight = 0;
    const sample = (): void => {
      rssPeakMb = Math.max(rssPeakMb, rssMb());
      peakInFlight = Math.max(peakInFlight, slots.peak);
    };
    const request = {
      jobId: 'bench-scale',
      environments: { jobId: 'bench-envs' },
      policy,
      groupSize: 8,
      batchSize: SCALE_GROUPS,
      useBuffer: false,
      limits: { toolTimeMs: TOOL_TIME_MS },
    };
    const { summary, seconds } = await runBatch(cli, request, sample);
    sample();
    return { summary, seconds, peakInFlight, episodeLimit: SCALE_LIMIT, rssBeforeMb, rssPeakMb };
  } finally {
    await broker.close();
  }
}

async function overheadPhase(
  cli: NatsBus,
  common: Record<string, string>,
  dataDir: string,
  records: Map<string, EnvironmentRecord>,
): Promise<OverheadFigures> {
  const broker = await startBroker(common, dataDir, OVERHEAD_LANES);
  try {
    // Warms this instance (environment records and distractors cached, sessions' bundles known to the verifier).
    const warmUp = { jobId: 'bench-overhead-warm-up', environments: { jobId: 'bench-envs' }, policy, groupSize: 4, batchSize: 8 };
    await runBatch(cli, { ...warmUp, useBuffer: false, seed: 1 }, () => undefined);
    const request = {
      jobId: 'bench-overhead',
      environments: { jobId: 'bench-envs' },
      policy,
      groupSize: 4,
      batchSize: 32,
      useBuffer: false,
      limits: { toolTimeMs: TOOL_TIME_MS },
    };
    const { seconds } = await runBatch(cli, request, () => undefined);
    const episodes = await batchEpisodes(cli, 'bench-overhead');
    const direct = await replayDirect(cli, episodes, records, { lanes: OVERHEAD_LANES, limits: { timeMs: TOOL_TIME_MS } });
    const perStepMs: number[] = [];
    let steps = 0;
    for (const e of episodes) {
      const turns = e.turns.filter((t) => t.callIds.length > 0).length;
      steps += turns;
      const directMs = direct.wallMs.get(e.id);
      if (turns > 0 && directMs !== undefined) perStepMs.push((e.timings.wallMs - directMs) / turns);
    }
    perStepMs.sort((a, b) => a - b);
    return { episodes: episodes.length, steps, lanes: OVERHEAD_LANES, brokerSeconds: seconds, directSeconds: direct.seconds, perStepMs };
  } finally {
    await broker.close();
  }
}

async function main(): Promise<void> {
  const namespace = `bench_rb_${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'astra-bench-rb-'));
  const common = { NATS_URL, ASTRA_NAMESPACE: namespace, ASTRA_INSECURE_LOCAL_BUS: 'true', PORT: '0' };
  const verifier = new ServiceProcess('verifier', verifierEnv(common), ROOT);
  let envCompiler: INestApplication | undefined;
  let cli: NatsBus | undefined;
  let ok = false;
  try {
    envCompiler = await startEnvCompiler(common, join(dataDir, 'env'));
    cli = await new NatsBus({ service: 'cli', servers: NATS_URL, namespace }).connect();
    await verifier.ready(90_000);
    const environments = await synthesize(cli, 'bench-envs', ENVIRONMENTS);
    const records = new Map(environments.map((e) => [e.id, e]));
    const scale = await scalePhase(cli, common, join(dataDir, 'broker'));
    const overhead = await overheadPhase(cli, common, join(dataDir, 'broker'), records);
    ok = report(environments.length, scale, overhead);
  } finally {
    await cli?.close();
    await envCompiler?.close();
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
