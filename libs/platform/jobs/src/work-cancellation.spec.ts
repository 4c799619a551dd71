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
    await expect(running).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
      message: expect.stringContaining('import imp-1 stopped between two units of work'),
    });
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

  it("lets timers fire between synchronous units, so the bus heartbeat keeps a long job's message alive", async () => {
    const cancellation = new WorkCancellation();
    // The bus sends its heartbeat from an interval timer; this timeout stands in for it.
    let fired = false;
    const heartbeat = setTimeout(() => (fired = true), 1);
    let units = 0;
    while (!fired && units < 1000) {
      const until = Date.now() + 1;
      while (Date.now() < until); // a unit of synchronous work, as a SQLite write is
      units += 1;
      await cancellation.checkpoint('import imp-3');
    }
    clearTimeout(heartbeat);
    expect(fired).toBe(true);
  });
});
