import { BusError, type RolloutBrokerJobReport } from '@astra/contracts';
import { lastValueFrom, toArray } from 'rxjs';
import { batchEvents } from './batch-events';

const report = (status: RolloutBrokerJobReport['status'], done: number): RolloutBrokerJobReport => ({
  jobId: 'b1',
  status,
  progress: { done, total: 3 },
  attempts: status === 'pending' ? 0 : 1,
});

/** A report source that answers the given reports in turn (the last one repeats). */
function reads(...reports: Array<RolloutBrokerJobReport | Error>): () => Promise<RolloutBrokerJobReport> {
  let i = 0;
  return () => {
    const next = reports[Math.min(i++, reports.length - 1)]!;
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  };
}

describe('batchEvents', () => {
  it('sends each changed report once, then done with the final report, and ends', async () => {
    const source = reads(report('pending', 0), report('pending', 0), report('running', 1), report('running', 1), report('completed', 3));
    const events = await lastValueFrom(batchEvents(source, 1).pipe(toArray()));
    expect(events.map((e) => [e.type, (e.data as RolloutBrokerJobReport).progress.done])).toEqual([
      ['report', 0],
      ['report', 1],
      ['done', 3],
    ]);
  });

  it('ends with done on a failed batch', async () => {
    const events = await lastValueFrom(batchEvents(reads(report('failed', 1)), 1).pipe(toArray()));
    expect(events).toEqual([{ type: 'done', data: report('failed', 1) }]);
  });

  it("ends with an error event carrying a bus fault's code, and hides any other fault's text", async () => {
    const bus = await lastValueFrom(
      batchEvents(reads(report('running', 0), new BusError('UNAVAILABLE', 'database lost')), 1).pipe(toArray()),
    );
    expect(bus.at(-1)).toEqual({ type: 'error', data: { error: { code: 'UNAVAILABLE', message: 'database lost' } } });
    const other = await lastValueFrom(batchEvents(reads(new Error('password=hunter2 in a driver message')), 1).pipe(toArray()));
    expect(other).toEqual([{ type: 'error', data: { error: { code: 'INTERNAL', message: 'internal error' } } }]);
  });
});
