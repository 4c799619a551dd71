import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { EpisodeRecord, EpisodeSummary, GroupSummary, RolloutBrokerJobReport } from '@astra/contracts';
import { ROLLOUT_BROKER_ENTITIES, ROLLOUT_BROKER_MIGRATIONS } from '@astra/persistence/rollout-broker';
import { NatsBus } from '@astra/platform/bus';
import { createTestDatabase } from '@astra/platform/database';
import { HealthChecks, type HealthReport, startService } from '@astra/platform/runtime';
import { childEnv, NATS_OUTAGE_MS, NatsServerProcess, rideNatsOutage, ServiceProcess, waitFor } from '@astra/testing';
import { loadRolloutBrokerConfig } from '../src/rollout-broker.config';
import { RolloutBrokerModule } from '../src/rollout-broker.module';

// The outage, plus the environments and the batch before and after it; the deadlines below are each far shorter.
jest.setTimeout(NATS_OUTAGE_MS + 240_000);

const ROOT = resolve(__dirname, '../../..');
const NAMESPACE = 'outage';
const G = 4;
// Enough groups that the outage starts in the middle of the batch (a few are done when NATS goes).
const BATCH_SIZE = 16;
// Heartbeats every third of it; a delivery whose ack was lost in the outage is redelivered this long after NATS is back.
const BUS_ACK_WAIT_MS = '10000';

/** Every page of a paged listing. */
async function allPages<P extends { nextCursor?: string | undefined }, T>(page: (cursor?: string) => Promise<P>, items: (p: P) => T[]) {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    all.push(...items(next));
    cursor = next.nextCursor;
  } while (cursor !== undefined);
  return all;
}

describe('rollout-broker through a NATS outage in the middle of a batch', () => {
  const db = createTestDatabase('sqlite', {
    service: 'rollout-broker',
    entities: ROLLOUT_BROKER_ENTITIES,
    migrations: ROLLOUT_BROKER_MIGRATIONS,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'astra-outage-envs-'));
  let nats: NatsServerProcess;
  let verifier: ServiceProcess;
  let envCompiler: ServiceProcess;
  let app: INestApplication;
  let cli: NatsBus;
  let readiness: () => Promise<HealthReport>;

  beforeAll(async () => {
    nats = await NatsServerProcess.start();
    const common = {
      NATS_URL: nats.url,
      ASTRA_NAMESPACE: NAMESPACE,
      ASTRA_INSECURE_LOCAL_BUS: 'true',
      PORT: '0',
      OTEL_SDK_DISABLED: 'true',
    };
    verifier = new ServiceProcess('verifier', childEnv({ ...common, SANDBOX_PYTHON_WORKERS: '2', SANDBOX_JS_WORKERS: '1' }), ROOT);
    envCompiler = new ServiceProcess('env-compiler', childEnv({ ...common, ASTRA_DATA_DIR: dataDir, ENV_CHECK_TIME_MS: '1000' }), ROOT);
    // The broker as main.ts starts it (health probes included), with the service's defaults but a shorter ack wait.
    app = await startService({
      name: 'rollout-broker',
      loadConfig: () => loadRolloutBrokerConfig({ ...common, LOG_LEVEL: 'silent', ROLLOUT_MAX_EPISODES: '8', BUS_ACK_WAIT_MS }),
      module: (config) => RolloutBrokerModule.forRoot({ config, database: db.options }),
    });
    const checks = app.get(HealthChecks);
    readiness = () => checks.run();
    cli = await new NatsBus({ service: 'cli', servers: nats.url, namespace: NAMESPACE }).connect();
    await Promise.all([verifier.ready(), envCompiler.ready()]);
    await cli.publish('env-compiler.synthesis.requested', { jobId: 'envs', strategy: 'kb', count: 10, seed: 3 }, { id: 'envs' });
    await waitFor(
      async () => {
        const report = await cli.request('env-compiler.job.status', { jobId: 'envs' });
        if (report.status === 'failed') throw new Error(`environment synthesis failed: ${JSON.stringify(report.error)}`);
        return report.status === 'completed' ? report : undefined;
      },
      { timeoutMs: 150_000, intervalMs: 200, what: 'the environments' },
    );
  });

  afterAll(async () => {
    await cli?.close();
    await app?.close();
    await nats?.start();
    await envCompiler?.stop();
    await verifier?.stop();
    await db.cleanup();
    await nats?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stays not ready while NATS is down, then completes the batch with whole groups and every episode stored once', async () => {
    expect(await readiness()).toMatchObject({ ready: true });
    const request = {
      jobId: 'outage-batch',
      environments: { jobId: 'envs' },
      policy: { kind: 'oracle' as const, version: 'oracle-v1', noise: 0.5 },
      groupSize: G,
      batchSize: BATCH_SIZE,
      seed: 11,
    };
    await cli.publish('rollout-broker.batch.requested', request, { id: request.jobId });
    const midway = await waitFor(
      async () => {
        const report = await cli.request('rollout-broker.job.status', { jobId: request.jobId });
        return report.progress.done >= 2 ? report : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 5, what: 'the batch to hand over 2 groups' },
    );
    expect(midway.status).toBe('running');
    expect(midway.progress.done).toBeLessThan(BATCH_SIZE);

    // Readiness is read all along the outage and must never say ready.
    const readDuringOutage = await rideNatsOutage(nats, readiness);
    expect(readDuringOutage.filter((report) => report.ready)).toEqual([]);
    expect(readDuringOutage.at(-1)?.errors['bus']).toMatch(/NATS connection is down/);

    const report = await waitFor(
      async () => {
        const status = await cli.request('rollout-broker.job.status', { jobId: request.jobId }).catch(() => undefined);
        return status?.status === 'completed' || status?.status === 'failed' ? status : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 200, what: 'the batch to finish after the outage' },
    );
    expectWholeBatch(report);
    const batch = report.batch!;

    const groups = await allPages(
      (cursor) => cli.request('rollout-broker.batch.groups', { jobId: request.jobId, ...(cursor ? { cursor } : {}) }),
      (page) => page.groups,
    );
    expectHandedGroups(
      groups,
      batch.groups.map((g) => g.id),
    );

    const episodes = await allPages(
      (cursor) => cli.request('rollout-broker.episode.list', { jobId: request.jobId, limit: 1000, ...(cursor ? { cursor } : {}) }),
      (page) => page.episodes,
    );
    expectEpisodesOnce(episodes, batch.episodes);
    expect(episodes.filter((e) => e.status === 'failed-infrastructure')).toHaveLength(batch.failedInfrastructure);
  });
});

function expectWholeBatch(report: RolloutBrokerJobReport): void {
  expect(report).toMatchObject({ status: 'completed', progress: { done: BATCH_SIZE, total: BATCH_SIZE } });
  expect(report.batch).toMatchObject({ complete: true, groupSize: G, batchSize: BATCH_SIZE });
  expect(report.batch!.groups).toHaveLength(BATCH_SIZE);
}

/** Each handed group: exactly G episodes, one per sample, all completed and scored (an outage never scores a 0). */
function expectHandedGroups(groups: Array<{ group: GroupSummary; episodes: EpisodeRecord[] }>, ids: string[]): void {
  expect(groups.map((g) => g.group.id)).toEqual(ids);
  for (const { group, episodes } of groups) {
    expect(group.state).toBe('valid');
    expect(episodes.map((e) => e.sample).sort((a, b) => a - b)).toEqual([...Array(G).keys()]);
    expect(episodes.map((e) => [e.status, e.error])).toEqual(episodes.map(() => ['completed', undefined]));
    expect(episodes.map((e) => e.reward?.reward)).toEqual(group.rewards);
  }
}

/** Stored episodes: ids unique, no (group, sample) twice, and a reward exactly on those that completed. */
function expectEpisodesOnce(episodes: EpisodeSummary[], counted: number): void {
  expect(episodes).toHaveLength(counted);
  expect(new Set(episodes.map((e) => e.id)).size).toBe(episodes.length);
  expect(new Set(episodes.map((e) => `${e.groupIndex}:${e.sample}`)).size).toBe(episodes.length);
  for (const episode of episodes) {
    if (episode.status === 'failed-infrastructure') expect(episode.reward).toBeUndefined();
    else expect(episode).toMatchObject({ status: 'completed', reward: expect.any(Number) });
  }
}
