import { BusError } from '@astra/contracts';
import { QueryFailedError } from 'typeorm';
import { JobRunner } from './job-runner';
import type { JobDelivery, JobRecord, JobSpec } from './job.types';
import { InMemoryJobStore } from './memory/in-memory-job-store';
import { WorkCancellation } from './work-cancellation';

interface Request {
  readonly servers: string[];
}
interface Result {
  readonly built: { server: string; edges: number }[];
}

const first: JobDelivery = { deliveryCount: 1, lastDelivery: false };
const last: JobDelivery = { deliveryCount: 5, lastDelivery: true };

function setup() {
  const store = new InMemoryJobStore<Request, Result>();
  const cancellation = new WorkCancellation();
  const finished: JobRecord<Result>[] = [];
  const runner = new JobRunner(cancellation);
  const spec = (jobId: string, work: JobSpec<Request, Result>['work'], delivery = first): JobSpec<Request, Result> => ({
    kind: 'graph-build',
    jobId,
    request: { servers: ['a', 'b'] },
    store,
    delivery,
    work,
    onFinished: async (record) => void finished.push(record),
  });
  return { store, cancellation, finished, runner, spec };
}

describe('JobRunner', () => {
  it('stores progress and the typed result, returns what it stored, and does not run a finished job again', async () => {
    const { runner, store, finished, spec } = setup();
    const record = await runner.run(
      spec('j1', async (job) => {
        await job.progress(0, 2);
        await job.progress(1);
        await job.progress(2);
        return { built: [{ server: 'a', edges: 3 }] };
      }),
    );
    // Typed end to end: the result is the work's own value, not a parsed copy.
    expect(record.result?.built[0]?.edges).toBe(3);
    expect(record).toMatchObject({
      jobId: 'j1',
      status: 'completed',
      progress: { done: 2, total: 2 },
      attempts: 1,
      finishedAt: expect.any(String),
    });
    expect(await store.find('j1')).toEqual(record);
    expect(store.progressWrites).toEqual([
      { done: 0, total: 2 },
      { done: 1, total: 2 },
      { done: 2, total: 2 },
    ]);
    expect(store.requests.get('j1')).toEqual({ servers: ['a', 'b'] });

    const work = jest.fn(async () => ({ built: [] }));
    expect(await runner.run(spec('j1', work))).toEqual(record);
    expect(work).not.toHaveBeenCalled();
    // A redelivery of a finished job hands it to onFinished again, so a completion lost to a crash goes out after all.
    expect(finished).toEqual([record, record]);
  });

  it('writes progress asked for concurrently in call order, even when one write is slow', async () => {
    const { runner, store, spec } = setup();
    const write = store.setProgress.bind(store);
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(store, 'setProgress').mockImplementation(async (jobId, progress) => {
      if (progress.done === 1) await slow;
      return write(jobId, progress);
    });
    await runner.run(
      spec('j2', async (job) => {
        await job.progress(0, 3);
        const writes = [job.progress(1), job.progress(2), job.progress(3)];
        release();
        await Promise.all(writes);
        return { built: [] };
      }),
    );
    expect(store.progressWrites.map((p) => p.done)).toEqual([0, 1, 2, 3]);
    expect((await store.find('j2'))?.progress).toEqual({ done: 3, total: 3 });
  });

  it('never lets the count go back within one total: a stale count and a redelivery counting from 0 keep the count reached', async () => {
    const { runner, store, spec } = setup();
    const failing = async (job: { progress(done: number, total?: number): Promise<void> }) => {
      await job.progress(0, 4);
      await job.progress(2);
      await job.progress(1);
      throw new BusError('UNAVAILABLE', 'endpoint down');
    };
    await expect(runner.run(spec('j3', failing))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect((await store.find('j3'))?.progress).toEqual({ done: 2, total: 4 });
    const redelivered = await runner.run(
      spec('j3', async (job) => {
        for (const done of [0, 1, 2, 3, 4]) await job.progress(done, done === 0 ? 4 : undefined);
        return { built: [] };
      }),
    );
    expect(redelivered).toMatchObject({ attempts: 2, progress: { done: 4, total: 4 } });
    expect(store.progressWrites).toEqual([
      { done: 0, total: 4 },
      { done: 2, total: 4 },
      { done: 3, total: 4 },
      { done: 4, total: 4 },
    ]);
    // A new total is a new scope: the count may start again.
    const rescoped = await runner.run(spec('j4', async (job) => (await job.progress(3, 3), await job.progress(0, 5), { built: [] })));
    expect(rescoped.progress).toEqual({ done: 0, total: 5 });
  });

  it('records a final error as a failed job with its reason instead of throwing it', async () => {
    const { runner, store, finished, spec } = setup();
    const record = await runner.run(
      spec('j5', async () => {
        throw new BusError('NOT_FOUND', 'no server "ghost" in the catalog');
      }),
    );
    expect(record).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND', message: 'no server "ghost" in the catalog' } });
    expect(record.result).toBeUndefined();
    expect(await store.find('j5')).toEqual(record);
    expect(finished).toEqual([record]);
  });

  it('throws a retryable error so the bus redelivers, leaving the job running, and records it on the last delivery', async () => {
    const { runner, store, finished, spec } = setup();
    const flaky = async (): Promise<Result> => {
      throw new Error('socket hang up');
    };
    await expect(runner.run(spec('j6', flaky))).rejects.toMatchObject({ code: 'INTERNAL', retryable: true, message: 'socket hang up' });
    expect((await store.find('j6'))?.status).toBe('running');
    expect(finished).toEqual([]);
    const recorded = await runner.run(spec('j6', flaky, last));
    expect(recorded).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'INTERNAL', message: 'socket hang up' } });
    expect(await store.find('j6')).toEqual(recorded);
    expect(finished).toEqual([recorded]);
  });

  it('stops at a checkpoint once shutdown begins with a retryable error, and on the last delivery records that as the reason', async () => {
    const { runner, store, cancellation, spec } = setup();
    let stopping!: Promise<void>;
    const work = async (job: { checkpoint(): Promise<void> }): Promise<Result> => {
      stopping = cancellation.beforeApplicationShutdown();
      await job.checkpoint();
      return { built: [] };
    };
    await expect(runner.run(spec('j7', work))).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
      message: expect.stringContaining('graph-build j7 stopped'),
    });
    await stopping;
    expect((await store.find('j7'))?.status).toBe('running');
    const recorded = await runner.run(spec('j8', work, last));
    expect(recorded).toMatchObject({ status: 'failed', error: { code: 'UNAVAILABLE', message: expect.stringContaining('shutting down') } });
  });

  it('makes shutdown wait until the outcome of a delivery under way is stored', async () => {
    const { runner, store, cancellation, spec } = setup();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const running = runner.run(spec('j9', async () => (await held, { built: [] })));
    let stopped = false;
    const shutdown = cancellation.beforeApplicationShutdown().then(() => (stopped = true));
    await new Promise(setImmediate);
    expect(stopped).toBe(false);
    release();
    await shutdown;
    expect((await store.find('j9'))?.status).toBe('completed');
    await running;
  });

  it('fails a job at once on a fault that retrying cannot fix, though it is not a BusError (a value the database refuses)', async () => {
    const { runner, spec } = setup();
    const refused = new QueryFailedError(
      'INSERT ...',
      [],
      Object.assign(new Error('value too long for type character varying(200)'), { code: '22001' }),
    );
    const record = await runner.run(spec('j-refused', async () => Promise.reject(refused), first));
    expect(record).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('22001') },
    });
  });
});
