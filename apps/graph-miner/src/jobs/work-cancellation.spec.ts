import { WorkCancellation } from './work-cancellation';

describe('WorkCancellation', () => {
  it('waits at shutdown for running imports and makes them stop with a retryable error', async () => {
    const cancellation = new WorkCancellation();
    let release: () => void = () => undefined;
    const events: string[] = [];
    const running = cancellation.track(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      events.push('server stored');
      await cancellation.checkpoint('import imp-1');
    });
    const shutdown = cancellation.beforeApplicationShutdown().then(() => events.push('shutdown done'));
    expect(cancellation.aborted).toBe(true);
    release();
    await expect(running).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true, message: expect.stringContaining('imp-1 resumes on redelivery') });
    await shutdown;
    expect(events).toEqual(['server stored', 'shutdown done']);
  });

  it('lets the event loop run at each checkpoint, so a service busy with long work still answers', async () => {
    const cancellation = new WorkCancellation();
    const seen: number[] = [];
    const work = cancellation.track(async () => {
      for (let unit = 0; unit < 3; unit += 1) await cancellation.checkpoint('import imp-2');
    });
    // An immediate queued before the work runs is a stand-in for a pending socket read or timer.
    setImmediate(() => seen.push(1));
    await work;
    expect(seen).toEqual([1]);
  });
});
