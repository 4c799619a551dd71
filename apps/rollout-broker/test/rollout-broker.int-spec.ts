import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { type EpisodeRecord, type GroupSummary, type RolloutBrokerJobReport, rolloutBatchMessageId } from '@astra/contracts';
import { ROLLOUT_BROKER_ENTITIES, ROLLOUT_BROKER_MIGRATIONS } from '@astra/persistence/rollout-broker';
import { deleteNamespace, NatsBus, testNatsUrl } from '@astra/platform/bus';
import { createTestDatabases } from '@astra/platform/database';
import { listeningPort, startService } from '@astra/platform/runtime';
import { childEnv, LlmTestServer, ServiceProcess, waitFor } from '@astra/testing';
import { EpisodeRunner } from '../src/episodes/episode-runner';
import type { EpisodeInput } from '../src/episodes/episode.types';
import { loadRolloutBrokerConfig } from '../src/rollout-broker.config';
import { RolloutBrokerModule } from '../src/rollout-broker.module';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(240_000);

const NATS_URL = testNatsUrl();
const ROOT = resolve(__dirname, '../../..');
const TOKEN = 'rollout-token-5d1e9b7c';

describe.each(createTestDatabases({ service: 'rollout-broker', entities: ROLLOUT_BROKER_ENTITIES, migrations: ROLLOUT_BROKER_MIGRATIONS }))(
  'rollout-broker with the real verifier and env-compiler, on $name',
  (db) => {
    const namespace = `rollout_${randomBytes(5).toString('hex')}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'astra-rollout-envs-'));
    const llm = new LlmTestServer();
    let verifier: ServiceProcess;
    let envCompiler: ServiceProcess;
    let app: INestApplication;
    let cli: NatsBus;
    let baseUrl: string;

    const finished = (jobId: string): Promise<RolloutBrokerJobReport> =>
      waitFor(
        async () => {
          const report = await cli.request('rollout-broker.job.status', { jobId });
          return report.status === 'completed' || report.status === 'failed' ? report : undefined;
        },
        { timeoutMs: 180_000, intervalMs: 200, what: `batch ${jobId} to finish` },
      );
    const http = async (path: string, init: RequestInit = {}, token: string | null = TOKEN) => {
      const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
      const response = await fetch(`${baseUrl}${path}`, { ...init, headers });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    /** A server-sent event stream read to its end (the server ends it after `done`). */
    const sse = async (path: string): Promise<Array<{ event: string; data: unknown }>> => {
      const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
      return (await response.text())
        .split('\n\n')
        .filter((block) => block.trim() !== '')
        .map((block) => {
          const field = (name: string) =>
            block
              .split('\n')
              .filter((line) => line.startsWith(`${name}:`))
              .map((line) => line.slice(name.length + 1).trim())
              .join('\n');
          return { event: field('event'), data: JSON.parse(field('data')) as unknown };
        });
    };

    const common = { NATS_URL, ASTRA_NAMESPACE: namespace, ASTRA_INSECURE_LOCAL_BUS: 'true', PORT: '0', OTEL_SDK_DISABLED: 'true' };
    /** One broker instance in this process; several share the namespace and the database as replicas do. */
    const startBroker = (): Promise<INestApplication> =>
      startService({
        name: 'rollout-broker',
        loadConfig: () => loadRolloutBrokerConfig({ ...common, LOG_LEVEL: 'silent', ROLLOUT_HTTP_TOKEN: TOKEN, ROLLOUT_MAX_EPISODES: '8' }),
        module: (config) => RolloutBrokerModule.forRoot({ config, database: db.options }),
      });

    beforeAll(async () => {
      verifier = new ServiceProcess('verifier', childEnv({ ...common, SANDBOX_PYTHON_WORKERS: '2', SANDBOX_JS_WORKERS: '1' }), ROOT);
      envCompiler = new ServiceProcess('env-compiler', childEnv({ ...common, ASTRA_DATA_DIR: dataDir, ENV_CHECK_TIME_MS: '1000' }), ROOT);
      await llm.start();
      app = await startBroker();
      baseUrl = `http://127.0.0.1:${listeningPort(app)}`;
      cli = await new NatsBus({ service: 'cli', servers: NATS_URL, namespace }).connect();
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
      await envCompiler?.stop();
      await verifier?.stop();
      await llm.stop();
      await db.cleanup();
      await deleteNamespace(NATS_URL, namespace);
      rmSync(dataDir, { recursive: true, force: true });
    });

    const request = {
      jobId: 'batch-1',
      environments: { jobId: 'envs' },
      policy: { kind: 'oracle' as const, version: 'oracle-v1', noise: 0.5 },
      groupSize: 4,
      batchSize: 3,
      seed: 11,
    };
    let groups: Array<{ group: GroupSummary; episodes: EpisodeRecord[] }> = [];

    it('completes a batch over NATS and hands over its groups with whole episodes', async () => {
      await cli.publish('rollout-broker.batch.requested', request, { id: 'batch-1' });
      const report = await finished('batch-1');
      expect(report).toMatchObject({ kind: 'rollout-batch', status: 'completed' });
      const batch = report.batch!;
      expect(batch).toMatchObject({ policyVersion: 'oracle-v1', groupSize: 4, batchSize: 3, complete: true, carriedIn: 0 });
      expect(batch.groups).toHaveLength(3);
      expect(batch.episodes).toBe(batch.generated * 4);

      const first = await cli.request('rollout-broker.batch.groups', { jobId: 'batch-1', limit: 2 });
      const rest = await cli.request('rollout-broker.batch.groups', { jobId: 'batch-1', cursor: first.nextCursor! });
      groups = [...first.groups, ...rest.groups];
      expect(rest.nextCursor).toBeUndefined();
      expect(groups.map((g) => g.group.id)).toEqual(batch.groups.map((g) => g.id));
      // The environments' distractor pools reach the episodes.
      expect(groups.some((g) => g.episodes.some((e) => e.distractors.length > 0))).toBe(true);
      for (const { group, episodes } of groups) {
        expect(group).toMatchObject({ state: 'valid', policyVersion: 'oracle-v1' });
        expect(group.std).toBeGreaterThan(0);
        expect(episodes).toHaveLength(4);
        expect(episodes.map((e) => e.reward?.reward)).toEqual(group.rewards);
        expect(episodes.every((e) => e.environmentId === group.environmentId && e.calls.length > 0)).toBe(true);
      }
    });

    it('fails a batch for good that names an environment env-compiler does not know', async () => {
      const known = groups[0]!.group.environmentId;
      const unknown = 'e'.repeat(64);
      const bad = { ...request, jobId: 'unknown-env', environments: { ids: [known, unknown] } };
      await cli.publish('rollout-broker.batch.requested', bad, { id: 'unknown-env' });
      expect(await finished('unknown-env')).toMatchObject({
        status: 'failed',
        error: { code: 'VALIDATION_FAILED', message: `unknown environments: ${unknown}` },
      });
    });

    it('answers the same batch, groups and episodes over HTTP, behind the bearer token', async () => {
      expect((await http('/v1/rollouts/batches/batch-1', {}, null)).status).toBe(401);
      const report = await http('/v1/rollouts/batches/batch-1');
      expect(report.status).toBe(200);
      expect(report.body).toEqual(await cli.request('rollout-broker.job.status', { jobId: 'batch-1' }));
      const page = await http('/v1/rollouts/batches/batch-1/groups?limit=64');
      expect(page.body['groups']).toEqual(groups);
      const episode = groups[0]!.episodes[0]!;
      expect((await http(`/v1/rollouts/episodes/${episode.id.slice(0, 12)}`)).body).toEqual({ episode });
      expect((await http('/v1/rollouts/episodes/ffffffffffffffff')).status).toBe(404);
    });

    it('refuses a bad body with the issues, and runs a posted batch under a new job id', async () => {
      const bad = await http('/v1/rollouts/batches', { method: 'POST', body: JSON.stringify({ ...request, batchSize: 0 }) });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toMatch(/batchSize/);
      expect(JSON.stringify(bad.body)).not.toMatch(/ at /);
      const { jobId: _jobId, ...rest } = request;
      const posted = await http('/v1/rollouts/batches', { method: 'POST', body: JSON.stringify({ ...rest, batchSize: 1 }) });
      expect(posted.status).toBe(202);
      const jobId = String(posted.body['jobId']);
      expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
      // The event stream follows it to the end: reports as they change, then `done` with the final report.
      const events = await sse(`/v1/rollouts/batches/${jobId}/events`);
      expect(events.at(-1)?.event).toBe('done');
      expect(events.slice(0, -1).every((e) => e.event === 'report')).toBe(true);
      const done = events.at(-1)!.data as RolloutBrokerJobReport;
      expect(done).toEqual(await cli.request('rollout-broker.job.status', { jobId }));
      const counts = events.map((e) => (e.data as RolloutBrokerJobReport).progress.done);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      const report = await finished(jobId);
      expect(report.batch).toMatchObject({ complete: true });
      expect(report.batch!.groups).toHaveLength(1);
      expect((await fetch(`${baseUrl}/v1/rollouts/batches/${jobId}/events`)).status).toBe(401);
    });

    it('re-scores stored episodes to the same rewards, from the records and by replaying their calls', async () => {
      const episodes = groups.flatMap((g) => g.episodes);
      const rescored = await cli.request('rollout-broker.episode.rescore', { selection: { jobId: 'batch-1' }, limit: 1000 });
      const byId = new Map(rescored.rescored.map((r) => [r.id, r]));
      for (const e of episodes) expect(byId.get(e.id)?.after.reward).toBe(e.reward!.reward);
      const ids = episodes.slice(0, 4).map((e) => e.id);
      const replayed = await cli.request('rollout-broker.episode.rescore', { selection: { ids }, replay: true });
      expect(replayed.rescored.map((r) => [r.after.reward, r.mismatchedCalls])).toEqual(
        episodes.slice(0, 4).map((e) => [e.reward!.reward, 0]),
      );
    });

    it('lists episodes newest first with filters and paging, and stores a re-score of another kind', async () => {
      const first = await cli.request('rollout-broker.episode.list', { jobId: 'batch-1', limit: 3 });
      const rest = await cli.request('rollout-broker.episode.list', { jobId: 'batch-1', limit: 1000, cursor: first.nextCursor! });
      const listed = [...first.episodes, ...rest.episodes];
      const report = await cli.request('rollout-broker.job.status', { jobId: 'batch-1' });
      expect(listed).toHaveLength(report.batch!.episodes);
      expect(listed.map((e) => e.createdAt)).toEqual([...listed.map((e) => e.createdAt)].sort().reverse());
      expect(new Set(listed.map((e) => e.id)).size).toBe(listed.length);

      const episode = groups[0]!.episodes[0]!;
      const stored = await cli.request('rollout-broker.episode.rescore', {
        selection: { ids: [episode.id] },
        reward: 'recall',
        store: true,
      });
      const after = stored.rescored[0]!.after;
      expect(after.kind).toBe('recall');
      expect((await cli.request('rollout-broker.episode.show', { id: episode.id })).episode.reward).toEqual(after);
      const line = (await cli.request('rollout-broker.episode.list', { environmentId: episode.environmentId, limit: 1000 })).episodes.find(
        (e) => e.id === episode.id,
      );
      expect(line?.reward).toBe(after.reward);
    });

    it("hands an endpoint policy's token ids and log-probabilities to the trainer with the batch, over HTTP", async () => {
      const tokens = { promptTokenIds: [1, 2, 3, 4], tokenIds: [40, 4250], tokens: ['I', ' cannot'], logprobs: [-0.5, -1.25] };
      llm.setRules([
        {
          reply: {
            content: 'I cannot tell.',
            logprobs: tokens.tokens.map((token, i) => ({ token, logprob: tokens.logprobs[i]! })),
            token_ids: tokens.tokenIds,
            prompt_token_ids: tokens.promptTokenIds,
          },
        },
      ]);
      const body = {
        ...request,
        jobId: 'tokens',
        policy: { kind: 'endpoint', baseUrl: llm.baseUrl, model: 'policy-m', version: 'step-7' },
        groupSize: 2,
        batchSize: 1,
        // Every episode of this policy scores the same: keepAll hands the group over without reward spread.
        keepAll: true,
        useBuffer: false,
      };
      expect(await http('/v1/rollouts/batches', { method: 'POST', body: JSON.stringify(body) })).toEqual({
        status: 202,
        body: { jobId: 'tokens' },
      });
      expect((await finished('tokens')).batch).toMatchObject({ complete: true, policyVersion: 'step-7' });
      const handed = (await http('/v1/rollouts/batches/tokens/groups')).body['groups'] as Array<{ episodes: EpisodeRecord[] }>;
      expect(handed).toHaveLength(1);
      expect(handed[0]!.episodes).toHaveLength(2);
      for (const episode of handed[0]!.episodes) {
        expect(episode).toMatchObject({
          status: 'completed',
          stop: 'answered',
          policy: { kind: 'endpoint', model: 'policy-m', version: 'step-7' },
        });
        expect(episode.turns.map((t) => t.tokens)).toEqual([tokens]);
      }
    });

    // Replicas share one PostgreSQL database; SQLite is one instance's file.
    (db.name === 'postgres' ? it : it.skip)(
      'shares batches between two instances (one durable consumer): each batch and episode runs once',
      async () => {
        const second = await startBroker();
        const ran = [app, second].map((instance) => jest.spyOn(instance.get(EpisodeRunner), 'run'));
        try {
          // More batches than one instance pulls at a time (8 commands, and a refill), so both must take some.
          const jobIds = Array.from({ length: 20 }, (_, i) => `shared-${i}`);
          const one = { ...request, groupSize: 1, batchSize: 1, keepAll: true, useBuffer: false };
          for (const jobId of jobIds)
            await cli.publish('rollout-broker.batch.requested', { ...one, jobId }, { id: rolloutBatchMessageId(jobId) });
          const reports = await Promise.all(jobIds.map(finished));
          expect(reports.map((r) => [r.status, r.batch?.groups.length, r.batch?.episodes])).toEqual(jobIds.map(() => ['completed', 1, 1]));

          const byInstance = ran.map((spy) =>
            spy.mock.calls.map(([input]) => input as EpisodeInput).filter((i) => i.jobId.startsWith('shared-')),
          );
          expect(byInstance.map((inputs) => inputs.length > 0)).toEqual([true, true]);
          const episodeIds = byInstance.flat().map((i) => i.episodeId);
          expect(episodeIds).toHaveLength(jobIds.length);
          expect(new Set(episodeIds).size).toBe(jobIds.length);
          // A batch runs on one instance; what it stored is what ran.
          const jobsOf = byInstance.map((inputs) => new Set(inputs.map((i) => i.jobId)));
          expect([...jobsOf[0]!].filter((jobId) => jobsOf[1]!.has(jobId))).toEqual([]);
          for (const jobId of jobIds) expect((await cli.request('rollout-broker.episode.list', { jobId })).episodes).toHaveLength(1);
        } finally {
          for (const spy of ran) spy.mockRestore();
          await second.close();
        }
      },
    );
  },
);
