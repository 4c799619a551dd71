import type { TaskRecord, TrajectoryRecord } from '@astra/contracts';
import {
  TaskRepository,
  TRAJECTORY_SYNTH_ENTITIES,
  TRAJECTORY_SYNTH_MIGRATIONS,
  TrajectoryRepository,
} from '@astra/persistence/trajectory-synth';
import { createTestDatabase } from '@astra/platform/database';
import type { DataSource } from 'typeorm';
import { ExportTrajectoriesUseCase } from './export-trajectories.use-case';
import { TaskRecordsUseCase } from './task-records.use-case';
import { TrajectoryRecordsUseCase } from './trajectory-records.use-case';

const hex64 = (n: number) => n.toString(16).padStart(64, '0');
const hex32 = (n: number) => n.toString(16).padStart(32, '0');
const at = (s: number) => `2026-01-01T00:00:${String(s).padStart(2, '0')}.000Z`;

const task = (n: number): TaskRecord => ({
  id: hex64(n),
  jobId: 'tasks',
  question: `How much is item ${n}?`,
  language: 'en',
  source: { kind: 'chain', chainId: 'c1', server: 'shop', tools: ['price'] },
  targetTools: ['price'],
  strategy: 'template',
  accepted: true,
  lineage: { seed: n, inputs: [] },
  createdAt: at(n),
});

function trajectory(n: number, taskN: number, verdict: TrajectoryRecord['verdict']): TrajectoryRecord {
  return {
    id: hex32(n),
    jobId: 'traj',
    taskId: hex64(taskN),
    executor: 'mcp',
    agent: { kind: 'oracle' },
    detours: [],
    tools: [
      {
        type: 'function',
        function: {
          name: 'price',
          description: 'Price of an item.',
          parameters: { type: 'object', properties: { item: { type: 'integer' } } },
        },
      },
    ],
    messages: [
      { role: 'user', content: `How much is item ${taskN}?` },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'price', arguments: `{"item":${taskN}}` } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: '12.5' },
      { role: 'assistant', content: 'It costs 12.5.' },
    ],
    calls: [{ id: 'c1', turn: 0, tool: 'price', arguments: { item: taskN }, status: 'ok', result: '12.5', durationMs: 1 }],
    finalAnswer: 'It costs 12.5.',
    stop: 'answered',
    verdict,
    timings: { startedAt: at(0), wallMs: 2, modelMs: 0, toolMs: 1 },
  };
}

describe('task and trajectory RPCs', () => {
  const db = createTestDatabase('sqlite', {
    service: 'trajectory-synth',
    entities: TRAJECTORY_SYNTH_ENTITIES,
    migrations: TRAJECTORY_SYNTH_MIGRATIONS,
  });
  let tasks: TaskRepository;
  let trajectories: TrajectoryRepository;
  beforeAll(async () => {
    const dataSource: DataSource = await db.open();
    tasks = new TaskRepository(dataSource);
    trajectories = new TrajectoryRepository(dataSource);
    for (const n of [1, 2, 3, 4]) await tasks.save(task(n));
    for (const n of [1, 2, 3, 4, 5, 6]) await trajectories.save(trajectory(n, ((n - 1) % 4) + 1, n === 5 ? 'rejected' : 'accepted'), at(n));
  });
  afterAll(() => db.cleanup());

  it('pages tasks and trajectories newest first and shows one by prefix', async () => {
    const taskRpc = new TaskRecordsUseCase(tasks);
    const first = await taskRpc.list({ jobId: 'tasks', limit: 3 });
    expect(first.tasks.map((t) => t.id)).toEqual([4, 3, 2].map(hex64));
    expect(first.tasks[0]).toMatchObject({ source: 'chain c1 (shop)', tools: 1 });
    const rest = await taskRpc.list({ jobId: 'tasks', limit: 3, cursor: first.nextCursor! });
    expect(rest).toEqual({ tasks: [expect.objectContaining({ id: hex64(1) })] });
    await expect(taskRpc.show('000000')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(taskRpc.show('abcdef')).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const trajRpc = new TrajectoryRecordsUseCase(trajectories);
    const rejected = await trajRpc.list({ jobId: 'traj', verdict: 'rejected', limit: 10 });
    expect(rejected.trajectories.map((t) => [t.id, t.calls, t.stop])).toEqual([[hex32(5), 1, 'answered']]);
    expect((await trajRpc.show(hex32(6))).trajectory.id).toBe(hex32(6));
  });

  it('exports the accepted trajectories oldest first in every format, each task on one side of the split, across pages', async () => {
    const exporting = new ExportTrajectoriesUseCase(trajectories, tasks);
    for (const format of ['openai', 'astra', 'sharegpt', 'trl'] as const) {
      const page1 = await exporting.execute({ jobId: 'traj', format, validationFraction: 0.5, limit: 2 });
      const page2 = await exporting.execute({ jobId: 'traj', format, validationFraction: 0.5, limit: 10, cursor: page1.nextCursor! });
      expect(page2.nextCursor).toBeUndefined();
      const records = [...page1.records, ...page2.records];
      expect(records).toHaveLength(5);
      for (const r of records) expect(JSON.parse(r.line)).toBeInstanceOf(Object);
      // Trajectories 1 and 5 solve task 1, 2 and 6 task 2 (5 was rejected): a task's trajectories share a side.
      expect(records[4]!.split).toBe(records[1]!.split);
    }
    const none = await exporting.execute({ jobId: 'traj', format: 'openai', validationFraction: 0, limit: 10 });
    expect(none.records.every((r) => r.split === 'train')).toBe(true);
  });
});
