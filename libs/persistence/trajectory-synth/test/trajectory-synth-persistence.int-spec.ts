import type { TaskRecord, TrajectoryRecord } from '@astra/contracts';
import { createTestDatabases, type TestDatabase } from '@astra/platform/database';
import type { DataSource } from 'typeorm';
import { TaskRepository, TRAJECTORY_SYNTH_ENTITIES, TRAJECTORY_SYNTH_MIGRATIONS, TrajectoryRepository } from '../src';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(60_000);

const hex64 = (n: number) => n.toString(16).padStart(64, '0');
const hex32 = (n: number) => n.toString(16).padStart(32, '0');
const at = (s: number) => `2026-01-01T00:00:${String(s).padStart(2, '0')}.000Z`;

function task(n: number, jobId: string, accepted = true): TaskRecord {
  return {
    id: hex64(n),
    jobId,
    question: `question ${n}`,
    language: 'en',
    source: { kind: 'server', server: 'memory', tools: ['a', 'b'] },
    targetTools: ['a', 'b'],
    strategy: 'template',
    accepted,
    ...(accepted ? {} : { rejectReason: 'questionQuality' }),
    lineage: { seed: n, inputs: [] },
    createdAt: at(n),
  };
}

function trajectory(n: number, jobId: string, verdict: TrajectoryRecord['verdict'] = 'accepted'): TrajectoryRecord {
  return {
    id: hex32(n),
    jobId,
    taskId: hex64(1),
    executor: 'mcp',
    agent: { kind: 'oracle' },
    detours: [],
    tools: [],
    messages: [{ role: 'user', content: 'q' }],
    calls: [{ id: 'c1', turn: 0, tool: 'a', arguments: {}, status: 'ok', result: 'r', durationMs: 1 }],
    finalAnswer: 'done',
    stop: 'answered',
    verdict,
    timings: { startedAt: at(0), wallMs: 3, modelMs: 0, toolMs: 1 },
  };
}

describe.each(
  createTestDatabases({ service: 'trajectory-synth', entities: TRAJECTORY_SYNTH_ENTITIES, migrations: TRAJECTORY_SYNTH_MIGRATIONS }),
)('trajectory-synth persistence on $name', (db: TestDatabase) => {
  let dataSource: DataSource;
  let tasks: TaskRepository;
  let trajectories: TrajectoryRepository;

  beforeAll(async () => {
    dataSource = await db.open();
    tasks = new TaskRepository(dataSource);
    trajectories = new TrajectoryRepository(dataSource);
  });
  afterAll(() => db.cleanup());

  it('records a unit with its tasks once; a task stored already counts as a duplicate', async () => {
    const odd = task(1, 'tj-1');
    odd.question = `nul\u0000 é 漢字 🎲 ${'x'.repeat(7000)}`;
    const unit = await tasks.recordUnit('tj-1', 0, { tasks: [odd, task(2, 'tj-1', false)] }, at(1));
    expect(unit).toMatchObject({ tasks: 2, duplicates: 0, reason: null });
    const again = await tasks.recordUnit('tj-1', 0, { tasks: [task(9, 'tj-1')] }, at(9));
    expect(again).toMatchObject({ tasks: 2, duplicates: 0 });
    const dup = await tasks.recordUnit('tj-1', 1, { tasks: [task(2, 'tj-1'), task(3, 'tj-1')] }, at(3));
    expect(dup).toMatchObject({ tasks: 2, duplicates: 1 });
    await tasks.recordUnit('tj-1', 2, { reason: 'no chain fits' }, at(4));
    expect((await tasks.units('tj-1')).map((u) => [u.unitIndex, u.reason])).toEqual([
      [0, null],
      [1, null],
      [2, 'no chain fits'],
    ]);
    expect((await tasks.ofJob('tj-1')).map((t) => t.id)).toEqual([hex64(1), hex64(2), hex64(3)]);
    expect((await tasks.ofJob('tj-1', true)).map((t) => t.id)).toEqual([hex64(1), hex64(3)]);
    expect(await tasks.findByPrefix(hex64(1))).toEqual(odd);
    expect((await tasks.byIds([hex64(3), hex64(1), hex64(7)])).map((t) => t.id)).toEqual([hex64(1), hex64(3)]);
    expect(await tasks.findByPrefix('000000')).toBe('ambiguous');
    expect(await tasks.findByPrefix('ffffff')).toBeUndefined();
  });

  it('lists tasks newest first with filters and paging', async () => {
    const first = await tasks.list({ jobId: 'tj-1' }, undefined, 2);
    expect(first.map((t) => t.id)).toEqual([hex64(3), hex64(2)]);
    const rest = await tasks.list({ jobId: 'tj-1' }, { createdAt: first[1]!.createdAt, id: first[1]!.id }, 10);
    expect(rest.map((t) => t.id)).toEqual([hex64(1)]);
    expect((await tasks.list({ accepted: false }, undefined, 10)).map((t) => t.id)).toEqual([hex64(2)]);
  });

  it('stores a trajectory once, and its JSON (NUL, long text, unicode) comes back exactly', async () => {
    const record = trajectory(1, 'jj-1');
    record.messages.push({ role: 'tool', content: `nul\u0000 é 漢字 🎲 ${'y'.repeat(300_000)}`, tool_call_id: 'c\u00001' });
    await trajectories.save(record, at(1));
    await trajectories.save({ ...record, finalAnswer: 'other' }, at(9));
    const [row] = await trajectories.ofJob('jj-1', undefined, 10);
    expect(row!.record).toEqual(record);
    expect(row).toMatchObject({ verdict: 'accepted', calls: 1, mean: null, stop: 'answered', executor: 'mcp', agent: 'oracle' });
    expect(await trajectories.findByPrefix(hex32(1).slice(0, 8) + '00')).toEqual(record);
  });

  it('lists and pages trajectories, and stores a new judgement once per judging job', async () => {
    await trajectories.save(trajectory(2, 'jj-1', 'rejected'), at(2));
    await trajectories.save(trajectory(3, 'jj-1', 'unjudged'), at(3));
    const first = await trajectories.list({ jobId: 'jj-1' }, undefined, 2);
    expect(first.map((t) => t.id)).toEqual([hex32(3), hex32(2)]);
    expect((await trajectories.list({ jobId: 'jj-1' }, first[1], 10)).map((t) => t.id)).toEqual([hex32(1)]);
    expect((await trajectories.list({ verdict: 'rejected', executor: 'mcp' }, undefined, 10)).map((t) => t.id)).toEqual([hex32(2)]);
    expect((await trajectories.ofJob('jj-1', undefined, 10, true)).map((t) => t.id)).toEqual([hex32(1)]);
    expect((await trajectories.ofJob('jj-1', { createdAt: at(1), id: hex32(1) }, 1)).map((t) => t.id)).toEqual([hex32(2)]);

    const judged = { ...trajectory(3, 'jj-1', 'accepted') };
    judged.judgement = { accepted: true, mode: 'model', rules: [], dimensions: [], mean: 0.875, reasons: [], judgedAt: at(5) };
    await trajectories.saveJudgement('judge-1', judged, at(5));
    await trajectories.saveJudgement('judge-1', { ...judged, verdict: 'rejected' }, at(6));
    const heads = await trajectories.headsOf('jj-1');
    expect(heads.find((h) => h.id === hex32(3))).toMatchObject({ verdict: 'accepted', mean: 0.875 });
    expect((await trajectories.judgedBy('judge-1')).map((j) => [j.trajectoryId, j.verdict])).toEqual([[hex32(3), 'accepted']]);
    expect(await trajectories.findByPrefix('000000')).toBe('ambiguous');
  });
});
