import { BusError, type TaskRecord, TaskGenerationRequestSchema } from '@astra/contracts';
import {
  TaskRepository,
  TRAJECTORY_SYNTH_ENTITIES,
  TRAJECTORY_SYNTH_MIGRATIONS,
  type TrajectorySynthJobRepository,
} from '@astra/persistence/trajectory-synth';
import { createTestDatabase } from '@astra/platform/database';
import { InMemoryJobTable, JobRunner, WorkCancellation } from '@astra/platform/jobs';
import type { DataSource } from 'typeorm';
import { TrajectorySynthJobs } from '../jobs/trajectory-synth-jobs';
import { loadTrajectorySynthConfig } from '../trajectory-synth.config';
import { GenerateTasksUseCase } from './generate-tasks.use-case';
import type { TaskGenerator } from '../tasks/task-generator';

const hex64 = (n: number) => n.toString(16).padStart(64, '0');

function task(n: number, accepted: boolean): TaskRecord {
  return {
    id: hex64(n),
    jobId: 'whatever',
    question: `question ${n}`,
    language: 'en',
    source: { kind: 'server', server: 'memory', tools: ['a', 'b'] },
    targetTools: ['a', 'b'],
    strategy: 'template',
    accepted,
    ...(accepted ? {} : { rejectReason: 'questionQuality' }),
    ...(n % 10 === 5 ? { augmentation: { kind: 'diverse' as const, parentId: hex64(n - 1) } } : {}),
    lineage: { seed: n, inputs: [] },
    createdAt: `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z`,
  };
}

describe('GenerateTasksUseCase', () => {
  const db = createTestDatabase('sqlite', {
    service: 'trajectory-synth',
    entities: TRAJECTORY_SYNTH_ENTITIES,
    migrations: TRAJECTORY_SYNTH_MIGRATIONS,
  });
  let dataSource: DataSource;
  const table = new InMemoryJobTable();
  beforeAll(async () => (dataSource = await db.open()));
  afterAll(() => db.cleanup());

  function useCase(generator: Pick<TaskGenerator, 'plan' | 'make'>) {
    const config = loadTrajectorySynthConfig({ ASTRA_INSECURE_LOCAL_BUS: 'true', TRAJ_CONCURRENCY: '2' });
    const jobs = new TrajectorySynthJobs(new JobRunner(new WorkCancellation()), table as unknown as TrajectorySynthJobRepository);
    const tasks = new TaskRepository(dataSource);
    return { tasks, run: new GenerateTasksUseCase(jobs, tasks, generator as TaskGenerator, config) };
  }

  it('stores each unit with its tasks; a redelivery skips done units and duplicates nothing', async () => {
    const made: number[] = [];
    const seenSizes: number[] = [];
    let down = true;
    const generator: Pick<TaskGenerator, 'plan' | 'make'> = {
      plan: async () => ({ units: 4, strategy: 'template' }),
      make: async (_request, unit, seen) => {
        if (unit === 3) seenSizes.push(seen.size);
        if (unit === 3 && down) throw new BusError('LLM_UNAVAILABLE', 'endpoint down');
        if (unit === 2) throw new BusError('VALIDATION_FAILED', 'no chain fits');
        made.push(unit);
        // Unit 1 makes unit 0's first task again: stored once, counted as a duplicate.
        return unit === 1 ? [task(1, true), task(14, false), task(15, true)] : [task(unit * 10 + 1, true), task(unit * 10 + 2, false)];
      },
    };
    const { run, tasks } = useCase(generator);
    const request = TaskGenerationRequestSchema.parse({ jobId: 'tg', input: { kind: 'servers', servers: ['memory'] }, count: 4 });
    await expect(run.execute(request, { deliveryCount: 1, lastDelivery: false })).rejects.toMatchObject({ retryable: true });
    down = false;
    made.length = 0;
    const report = await run.execute(request, { deliveryCount: 2, lastDelivery: false });
    expect(made).toEqual([3]);
    // The redelivery's near-duplicate index holds the accepted tasks units 0 and 1 stored (tasks 1 and 15).
    expect(seenSizes.at(-1)).toBe(2);
    expect(report).toMatchObject({ status: 'completed', progress: { done: 4, total: 4 } });
    expect(report.tasks).toEqual({
      strategy: 'template',
      generated: 7,
      accepted: 3,
      rejected: 3,
      duplicates: 1,
      augmented: 1,
      rejections: { questionQuality: 3, 'VALIDATION_FAILED: no chain fits': 1 },
    });
    const stored = await tasks.ofJob('tg');
    expect(stored.map((t) => t.id)).toEqual([1, 2, 14, 15, 31, 32].map(hex64));
    expect(stored.every((t) => t.jobId === 'tg')).toBe(true);
  });
});
