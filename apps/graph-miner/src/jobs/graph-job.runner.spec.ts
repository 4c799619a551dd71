import { BusError } from '@astra/contracts';
import { jobRunner } from '../../test/support/fakes';

const spec = (jobId: string, lastDelivery = false) => ({ jobId, kind: 'graph-build' as const, request: { strategy: 'structural' }, lastDelivery });

describe('GraphJobRunner', () => {
  it('records progress and the result, publishes graph.job.completed, and does not run a finished job again', async () => {
    const { runner, jobs, bus } = jobRunner();
    const report = await runner.run(spec('j1'), async (job) => {
      await job.progress(0, 2);
      await job.progress(1);
      await job.progress(2);
      return { graphs: [] };
    });
    expect(report).toMatchObject({ jobId: 'j1', kind: 'graph-build', status: 'completed', progress: { done: 2, total: 2 }, attempts: 1, graphs: [] });
    expect(jobs.progress).toEqual([{ done: 0, total: 2 }, { done: 1 }, { done: 2 }]);
    expect(bus.payloadsOf('graph.job.completed')).toEqual([report]);

    const work = jest.fn(async () => ({ graphs: [] }));
    expect(await runner.run(spec('j1'), work)).toEqual(report);
    expect(work).not.toHaveBeenCalled();
  });

  it('writes progress asked for concurrently in the order it was asked for, even when a write is slow', async () => {
    const { runner, jobs } = jobRunner();
    const write = jobs.setProgress.bind(jobs);
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(jobs, 'setProgress').mockImplementation(async (jobId, progress) => {
      if (progress.done === 1) await slow;
      return write(jobId, progress);
    });
    await runner.run(spec('j9'), async (job) => {
      await job.progress(0, 3);
      const writes = [job.progress(1), job.progress(2), job.progress(3)];
      release();
      await Promise.all(writes);
      return { graphs: [] };
    });
    expect(jobs.progress).toEqual([{ done: 0, total: 3 }, { done: 1 }, { done: 2 }, { done: 3 }]);
    expect(await jobs.find('j9')).toMatchObject({ done: 3, total: 3 });
  });

  it('records an error that retrying cannot fix as a failed job instead of throwing it', async () => {
    const { runner, bus } = jobRunner();
    const report = await runner.run(spec('j2'), async () => {
      throw new BusError('NOT_FOUND', 'no server "nope" in the catalog');
    });
    expect(report).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND', message: 'no server "nope" in the catalog' } });
    expect(report.graphs).toBeUndefined();
    expect(bus.payloadsOf('graph.job.completed')).toEqual([report]);
  });

  it('throws a retryable error so the bus redelivers, and records it on the last delivery', async () => {
    const { runner, jobs, bus } = jobRunner();
    const flaky = async (): Promise<Record<string, unknown>> => {
      throw new BusError('LLM_UNAVAILABLE', 'model endpoint down');
    };
    await expect(runner.run(spec('j3'), flaky)).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE' });
    expect((await jobs.find('j3'))?.status).toBe('running');
    expect(bus.payloadsOf('graph.job.completed')).toEqual([]);
    const last = await runner.run(spec('j3', true), flaky);
    expect(last).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'LLM_UNAVAILABLE' } });
  });

  it('stops between units of work at shutdown with a retryable error, so the redelivery resumes', async () => {
    const { runner, cancellation } = jobRunner();
    const work = runner.run(spec('j4'), async (job) => {
      await cancellation.beforeApplicationShutdown();
      await job.checkpoint();
      return {};
    });
    await expect(work).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true, message: expect.stringContaining('graph-build j4 resumes on redelivery') });
  });
});
