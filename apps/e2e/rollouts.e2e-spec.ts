import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EpisodeRecord, EpisodeSummary, RolloutBrokerJobReport } from '@astra/contracts';
import { NatsBus } from '@astra/platform/bus';
import { waitFor } from '@astra/testing';
import { E2E } from './support/e2e.config';
import { ServiceProcess } from './support/processes';
import { ServiceHarness } from './support/service-harness';

jest.setTimeout(400_000);

// A crashed instance's batch is redelivered once the ack wait passes without a heartbeat.
const ACK_WAIT = { BUS_ACK_WAIT_MS: '2000' };
const G = 4;
// Enough groups that the kill lands with some episodes stored and most not.
const CRASH_BATCH = 30;

describe('verifier, env-compiler and rollout-broker as processes, driven by `astra rollouts`', () => {
  const broker = new ServiceHarness('rollout-broker');
  const dir = mkdtempSync(join(tmpdir(), 'astra-e2e-rollouts-'));
  const envCompilerData = mkdtempSync(join(tmpdir(), 'astra-e2e-env-compiler-'));
  const client = new NatsBus({ service: 'cli', servers: E2E.natsUrl, namespace: broker.namespace });
  let verifier: ServiceProcess;
  const status = (jobId: string): Promise<RolloutBrokerJobReport> => client.request('rollout-broker.job.status', { jobId });

  /** Every stored episode of a batch, following the pages. */
  async function episodesOf(jobId: string): Promise<EpisodeSummary[]> {
    const episodes: EpisodeSummary[] = [];
    for (let cursor: string | undefined, first = true; first || cursor !== undefined; first = false) {
      const page = await client.request('rollout-broker.episode.list', { jobId, limit: 1000, ...(cursor ? { cursor } : {}) });
      episodes.push(...page.episodes);
      cursor = page.nextCursor;
    }
    return episodes;
  }

  beforeAll(async () => {
    // env-compiler makes the streams and consumers the CLI publishes to; the broker reads environments from it.
    verifier = broker.companion('verifier');
    await Promise.all([
      verifier.ready(),
      broker.companion('env-compiler', { ASTRA_DATA_DIR: envCompilerData }).ready(),
      broker.start(ACK_WAIT),
    ]);
    await client.connect();
    const synthesized = await broker.cli([
      'env',
      'synthesize',
      '--strategy',
      'kb',
      '--count',
      '12',
      '--seed',
      '5',
      '--job-id',
      'envs',
      '--timeout',
      '250',
    ]);
    expect(synthesized.stderr).not.toMatch(/^error/m);
    expect(synthesized.code).toBe(0);
  });

  afterAll(async () => {
    await client.close();
    await broker.dispose();
    rmSync(dir, { recursive: true, force: true });
    rmSync(envCompilerData, { recursive: true, force: true });
  });

  it('runs an oracle batch, lists, shows, re-scores and exports its episodes', async () => {
    const run = await broker.cli([
      'rollouts',
      'run',
      '--env-job',
      'envs',
      '--policy',
      'oracle',
      '-G',
      String(G),
      '-n',
      '3',
      '--seed',
      '1',
      '--job-id',
      'small',
    ]);
    expect(run.stderr).not.toMatch(/^error/m);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^batch small \(policy oracle, G=4\): 3\/3 group\(s\) handed, complete$/m);
    expect(run.stdout).toMatch(/^reward \d\.\d{3} ± \d\.\d{3}, valid ratio/m);

    const report = await status('small');
    const batch = report.batch!;
    expect(batch.groups).toHaveLength(3);
    expect(batch.groups.every((g) => g.std > 0)).toBe(true);

    const listed = await broker.cli(['rollouts', 'ls', '--job', 'small', '--limit', '1000', '--json']);
    const episodes = JSON.parse(listed.stdout) as EpisodeSummary[];
    expect(episodes).toHaveLength(batch.episodes);
    expect(episodes.every((e) => e.status === 'completed' && e.reward !== undefined)).toBe(true);
    const table = await broker.cli(['rollouts', 'ls', '--job', 'small', '--limit', '5']);
    expect(table.stdout).toMatch(/^ID\s+JOB\s+GROUP\/SAMPLE/);
    expect(table.stdout).toMatch(/^5 episode\(s\)$/m);

    const withCalls = episodes.find((e) => e.calls > 0)!;
    const shown = await broker.cli(['rollouts', 'show', withCalls.id.slice(0, 10)]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`episode ${withCalls.id}`);
    expect(shown.stdout).toMatch(/^ {4}call \S+\(.*\) .*-> (ok|error|unknown-tool|invalid-arguments)/m);
    expect(shown.stdout).toMatch(/^reward \(f1\): \d\.\d{3}$/m);
    expect(shown.stdout).toMatch(/^ {2}recall \d\.\d{3}: \d+\/\d+ sub-task\(s\) solved$/m);

    const rescored = await broker.cli(['rollouts', 'rescore', '--job', 'small', '--reward', 'recall']);
    expect(rescored.code).toBe(0);
    expect(rescored.stdout).toMatch(new RegExp(`^${episodes.length} episode\\(s\\) rescored`, 'm'));

    const out = join(dir, 'batch.jsonl');
    const exported = await broker.cli(['rollouts', 'batch', 'small', '--out', out]);
    expect(exported.code).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as EpisodeRecord & { groupId: string });
    expect(lines).toHaveLength(3 * G);
    expect(new Set(lines.map((l) => l.groupId))).toEqual(new Set(batch.groups.map((g) => g.id)));
    expect(lines.every((l) => l.messages.length > 1 && l.reward !== undefined)).toBe(true);
  });

  it('killed mid-batch, resumes on the next instance: every episode stored once, every handed group whole', async () => {
    const args = [
      'rollouts',
      'run',
      '--env-job',
      'envs',
      '-G',
      String(G),
      '-n',
      String(CRASH_BATCH),
      '--seed',
      '2',
      '--no-buffer',
      '--job-id',
      'crash',
    ];
    // The CLI follows the batch; it may give up while no broker answers, which is not what this test is about.
    const following = broker.cli([...args, '--timeout', '300']);
    const midway = await waitFor(
      async () => {
        const page = await client.request('rollout-broker.episode.list', { jobId: 'crash', limit: 8 }).catch(() => undefined);
        return page && page.episodes.length >= 8 ? status('crash') : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 20, what: 'the batch to store 8 episodes' },
    );
    broker.service.kill();
    expect(midway.status).toBe('running');

    await broker.start(ACK_WAIT);
    const done = await waitFor(
      async () => {
        const report = await status('crash').catch(() => undefined);
        return report?.status === 'completed' ? report : undefined;
      },
      { timeoutMs: 300_000, intervalMs: 200, what: 'the redelivered batch to complete' },
    );
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    const batch = done.batch!;
    expect(batch.groups).toHaveLength(CRASH_BATCH);
    expect(batch.carriedIn).toBe(0);
    await following;

    const episodes = await episodesOf('crash');
    expect(episodes).toHaveLength(batch.episodes);
    expect(new Set(episodes.map((e) => e.id)).size).toBe(episodes.length);
    expect(new Set(episodes.map((e) => `${e.groupIndex}/${e.sample}`)).size).toBe(episodes.length);

    const out = join(dir, 'crash.jsonl');
    expect((await broker.cli(['rollouts', 'batch', 'crash', '--out', out])).code).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as EpisodeRecord & { groupId: string });
    const perGroup = new Map<string, number>();
    for (const line of lines) perGroup.set(line.groupId, (perGroup.get(line.groupId) ?? 0) + 1);
    expect(perGroup.size).toBe(CRASH_BATCH);
    expect([...perGroup.values()].every((n) => n === G)).toBe(true);
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length);

    // Repeating the command with the same job id shows the same batch: it never runs again.
    const again = await broker.cli([...args, '--json']);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as RolloutBrokerJobReport).batch).toEqual(batch);
  });

  it('rides out a verifier killed and restarted mid-batch: sessions are rebuilt, no fault is scored as a reward', async () => {
    const groups = 20;
    const args = ['rollouts', 'run', '--env-job', 'envs', '-G', String(G), '-n', String(groups), '--seed', '3', '--no-buffer'];
    const following = broker.cli([...args, '--job-id', 'verifier-restart', '--timeout', '300']);
    const midway = await waitFor(
      async () => {
        const page = await client.request('rollout-broker.episode.list', { jobId: 'verifier-restart', limit: 4 }).catch(() => undefined);
        return page && page.episodes.length >= 4 ? status('verifier-restart') : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 10, what: 'the batch to store 4 episodes' },
    );
    verifier.kill();
    expect(midway.status).toBe('running');
    verifier = broker.companion('verifier');
    await verifier.ready();

    const run = await following;
    expect(run.stderr).not.toMatch(/^error/m);
    expect(run.code).toBe(0);
    const batch = (await status('verifier-restart')).batch!;
    expect(batch.groups).toHaveLength(groups);
    const episodes = await episodesOf('verifier-restart');
    expect(episodes).toHaveLength(batch.episodes);
    // An episode whose sandbox stayed away past its retries is failed-infrastructure without a reward, never a 0.
    const failed = episodes.filter((e) => e.status === 'failed-infrastructure');
    expect(failed.every((e) => e.reward === undefined && e.stop === 'infrastructure')).toBe(true);
    expect(failed).toHaveLength(batch.failedInfrastructure);
    expect(episodes.filter((e) => e.status === 'completed').every((e) => e.reward !== undefined)).toBe(true);
  });
});
