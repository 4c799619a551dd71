import { z } from 'zod';
import { JobKinds } from './job-kinds';
import { JobRunner } from './job-runner';
import { InMemoryJobTable } from './memory/in-memory-job-table';
import { WorkCancellation } from './work-cancellation';

type Results = { 'count-up': { count: number }; 'say-hello': { greeting: string } };

const first = { deliveryCount: 1, lastDelivery: false };

function setup() {
  const table = new InMemoryJobTable();
  const jobs = new JobKinds<Results>(new JobRunner(new WorkCancellation()), table, {
    'count-up': z.object({ count: z.number().int() }),
    'say-hello': z.object({ greeting: z.string() }),
  });
  return { table, jobs };
}

describe('JobKinds', () => {
  it('runs a job of one kind and reports it with its result spread in; the status RPC reads the same report', async () => {
    const { jobs, table } = setup();
    const report = await jobs.run('count-up', { jobId: 'c1' }, first, async (job) => {
      await job.progress(0, 2);
      await job.progress(2);
      return { count: 2 };
    });
    expect(report).toEqual({
      jobId: 'c1',
      kind: 'count-up',
      status: 'completed',
      progress: { done: 2, total: 2 },
      attempts: 1,
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
      count: 2,
    });
    expect(await jobs.status('c1')).toEqual(report);
    expect(table.progressWrites).toEqual([
      { done: 0, total: 2 },
      { done: 2, total: 2 },
    ]);
  });

  it('reports an unknown job as pending, and a failed job with its error and no result', async () => {
    const { jobs } = setup();
    expect(await jobs.status('nobody')).toEqual({ jobId: 'nobody', status: 'pending', progress: { done: 0, total: 0 }, attempts: 0 });
    const failed = await jobs.run('say-hello', { jobId: 'h1' }, { deliveryCount: 5, lastDelivery: true }, async () => {
      throw new Error('no one to greet');
    });
    expect(failed).toMatchObject({ kind: 'say-hello', status: 'failed', error: { code: 'INTERNAL', message: 'no one to greet' } });
    expect(failed).not.toHaveProperty('greeting');
  });

  it('refuses a job id that a job of another kind holds, and a stored result that breaks its contract', async () => {
    const { jobs, table } = setup();
    await jobs.run('say-hello', { jobId: 'x' }, first, async () => ({ greeting: 'hi' }));
    await expect(jobs.run('count-up', { jobId: 'x' }, first, async () => ({ count: 1 }))).rejects.toMatchObject({ code: 'CONFLICT' });
    const stored = await table.memory.find('x');
    table.memory.records.set('x', { ...(stored as NonNullable<typeof stored>), result: { greeting: 42 } });
    await expect(jobs.status('x')).rejects.toThrow();
  });
});
