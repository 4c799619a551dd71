import type { EpisodeRecord } from '@astra/contracts';
import { createTestDatabases, type TestDatabase } from '@astra/platform/database';
import type { DataSource } from 'typeorm';
import {
  ROLLOUT_BROKER_ENTITIES,
  ROLLOUT_BROKER_MIGRATIONS,
  RolloutEpisodeRepository,
  type RolloutGroupEntity,
  RolloutGroupRepository,
} from '../src';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(60_000);

const ENV_A = 'a'.repeat(64);
const ENV_B = 'b'.repeat(64);

function episode(id: string, jobId: string, groupIndex: number, sample: number, reward: number | null): EpisodeRecord {
  return {
    id,
    jobId,
    groupIndex,
    sample,
    environmentId: ENV_A,
    policy: { kind: 'oracle', version: 'v1' },
    seed: 7,
    status: reward === null ? 'failed-infrastructure' : 'completed',
    stop: reward === null ? 'infrastructure' : 'answered',
    tools: [],
    distractors: [],
    messages: [{ role: 'user', content: 'q' }],
    turns: [],
    calls: [],
    ...(reward === null
      ? { error: { code: 'SANDBOX_FAULT', message: 'down' } }
      : {
          reward: {
            kind: 'f1',
            reward,
            recall: reward,
            precision: reward,
            subTasks: 1,
            solved: [],
            calls: 0,
            finalAnswerCorrect: false,
          },
        }),
    timings: { startedAt: '2026-01-01T00:00:00.000Z', wallMs: 12.5, policyMs: 1, toolMs: 2 },
  };
}

function group(jobId: string, groupIndex: number, over: Partial<RolloutGroupEntity> = {}): RolloutGroupEntity {
  return {
    id: `${jobId}:${groupIndex}`,
    jobId,
    groupIndex,
    environmentId: ENV_A,
    policyVersion: 'v1',
    envSetKey: 'k',
    state: 'valid',
    rewards: [0, 1],
    mean: 0.5,
    std: 0.5,
    handedTo: null,
    handedOrder: null,
    createdAt: `2026-01-01T00:00:0${groupIndex}.000Z`,
    ...over,
  };
}

const hex = (n: number) => n.toString(16).padStart(32, '0');

describe.each(createTestDatabases({ service: 'rollout-broker', entities: ROLLOUT_BROKER_ENTITIES, migrations: ROLLOUT_BROKER_MIGRATIONS }))(
  'rollout-broker persistence on $name',
  (db: TestDatabase) => {
    let dataSource: DataSource;
    let episodes: RolloutEpisodeRepository;
    let groups: RolloutGroupRepository;

    beforeAll(async () => {
      dataSource = await db.open();
      episodes = new RolloutEpisodeRepository(dataSource);
      groups = new RolloutGroupRepository(dataSource);
    });
    afterAll(() => db.cleanup());

    it('stores an episode once, and its JSON (NUL, long text, unicode) comes back exactly', async () => {
      const record = episode(hex(1), 'job-1', 0, 0, 0.75);
      const odd = `nul\u0000 inside, é ü 漢字 🎲, ${'x'.repeat(300_000)}`;
      record.messages.push({ role: 'tool', content: odd, tool_call_id: 'c\u00001' });
      await episodes.save(record, '2026-01-01T00:00:00.000Z');
      await episodes.save({ ...record, seed: 99 }, '2026-01-01T00:00:09.000Z');
      const stored = await episodes.ofJob('job-1');
      expect(stored).toHaveLength(1);
      expect(stored[0]!.record).toEqual(record);
      expect(stored[0]!.reward).toBe(0.75);
      expect(stored[0]!.wallMs).toBe(12.5);
    });

    it('lists newest first with filters and paging, and finds by unique prefix', async () => {
      await episodes.save(episode(hex(2), 'job-2', 0, 0, null), '2026-01-02T00:00:00.000Z');
      await episodes.save(episode(hex(3), 'job-2', 0, 1, 0.25), '2026-01-03T00:00:00.000Z');
      const first = await episodes.list({}, undefined, 2);
      expect(first.map((e) => e.id)).toEqual([hex(3), hex(2)]);
      const rest = await episodes.list({}, { createdAt: first[1]!.createdAt, id: first[1]!.id }, 10);
      expect(rest.map((e) => e.id)).toEqual([hex(1)]);
      expect((await episodes.list({ status: 'failed-infrastructure' }, undefined, 10)).map((e) => e.id)).toEqual([hex(2)]);
      expect((await episodes.list({ jobId: 'job-2', policyVersion: 'v1' }, undefined, 10)).length).toBe(2);
      expect(await episodes.findByPrefix('000000')).toBe('ambiguous');
      expect((await episodes.findByPrefix(hex(3))) as { id: string }).toMatchObject({ id: hex(3) });
      expect(await episodes.findByPrefix('ffffff')).toBeUndefined();
      expect((await episodes.ofJobAfter('job-2', hex(2), 10)).map((e) => e.id)).toEqual([hex(3)]);
    });

    it('stores a re-score in the record and the reward column', async () => {
      const record = episode(hex(3), 'job-2', 0, 1, 1);
      await episodes.saveRescore(record);
      const [row] = await episodes.byIds([hex(3)]);
      expect(row!.reward).toBe(1);
      expect(row!.record.reward?.reward).toBe(1);
    });

    it('saves a group once and hands each buffered group to one batch only, even when two take at once', async () => {
      await groups.save(group('old', 0));
      await groups.save(group('old', 0, { state: 'dropped' }));
      await groups.save(group('old', 1));
      await groups.save(group('old', 2, { environmentId: ENV_B }));
      await groups.save(group('old', 3, { policyVersion: 'v2' }));
      await groups.save(group('old', 4, { state: 'dropped', std: 0 }));
      expect((await groups.ofJob('old')).map((g) => g.state)).toEqual(['valid', 'valid', 'valid', 'valid', 'dropped']);
      const query = { policyVersion: 'v1', environmentIds: new Set([ENV_A]), max: 5, firstOrder: 0 };
      const [x, y] = await Promise.all([groups.takeBuffered({ ...query, jobId: 'x' }), groups.takeBuffered({ ...query, jobId: 'y' })]);
      const taken = [...x!, ...y!].map((g) => g.id).sort();
      expect(taken).toEqual(['old:0', 'old:1']);
      expect(await groups.takeBuffered({ ...query, jobId: 'z' })).toEqual([]);
      const v2 = await groups.takeBuffered({ ...query, policyVersion: 'v2', jobId: 'z', firstOrder: 3 });
      expect(v2.map((g) => [g.id, g.handedOrder])).toEqual([['old:3', 3]]);
      expect((await groups.handedTo('z')).map((g) => g.id)).toEqual(['old:3']);
    });

    it('pages the groups handed to a batch in hand-over order', async () => {
      for (const k of [0, 1, 2]) await groups.save(group('paged', k, { handedTo: 'paged', handedOrder: 2 - k }));
      const first = await groups.handedPage('paged', undefined, 2);
      expect(first.map((g) => g.groupIndex)).toEqual([2, 1]);
      expect((await groups.handedPage('paged', first[1]!.handedOrder!, 2)).map((g) => g.groupIndex)).toEqual([0]);
    });
  },
);
