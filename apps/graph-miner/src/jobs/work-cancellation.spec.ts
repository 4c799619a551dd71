import { WorkCancellation } from './work-cancellation';

describe('WorkCancellation', () => {
  it('waits at shutdown for running imports and makes them stop with a retryable error', async () => {
    const cancellation = new WorkCancellation();
    let release: () => void = () => undefined;
    const events: string[] = [];
    const running = cancellation.track(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      events.push('server stored');
      cancellation.throwIfAborted('import imp-1');
    });
    const shutdown = cancellation.beforeApplicationShutdown().then(() => events.push('shutdown done'));
    expect(cancellation.aborted).toBe(true);
    release();
    await expect(running).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true, message: expect.stringContaining('imp-1 resumes on redelivery') });
    await shutdown;
    expect(events).toEqual(['server stored', 'shutdown done']);
  });
});
