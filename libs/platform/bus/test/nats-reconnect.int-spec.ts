import { BusError } from '@astra/contracts';
import { NatsServerProcess, waitFor } from '@astra/testing';
import { NatsBus, type BusLog, type MessageContext } from '../src';
import { TEST_REGISTRY, TEST_STREAM, testNamespace, type TestRegistry } from './support/test-registry';

// Short waits so the test spends its time on the outage, not on backoff (the defaults cap at 5 s).
const FAST_RECONNECT = { initialDelayMs: 50, maxDelayMs: 500, jitterMs: 50 };
// A delivery whose ack is lost in the outage comes back this long after the server is up again.
const ACK_WAIT_MS = 1_500;

/** Keeps the bus's log lines so the test can read what an operator would see. */
function recordingLog(lines: Array<{ level: string; message: string }>): BusLog {
  const keep = (level: string) => (_fields: Record<string, unknown>, message: string) => void lines.push({ level, message });
  return { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}

describe('NatsBus through a NATS server restart', () => {
  const namespace = testNamespace();
  const lines: Array<{ level: string; message: string }> = [];
  const calls = new Map<number, MessageContext[]>();
  const published: number[] = [];
  const publishErrors: string[] = [];
  let nats: NatsServerProcess;
  let producer: NatsBus<TestRegistry>;
  let worker: NatsBus<TestRegistry>;
  // Jobs run with mode 'slow' wait for the test to open their gate.
  const gates = new Map<number, { opened: Promise<void>; open: () => void }>();
  const gate = (n: number) => {
    let open = () => undefined as void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    gates.set(n, { opened, open });
  };
  const active = new Map<number, number>();
  const mostActive = new Map<number, number>();

  const options = (service: 'cli' | 'verifier') => ({
    service,
    servers: nats.url,
    namespace,
    registry: TEST_REGISTRY,
    streams: [TEST_STREAM],
    reconnect: FAST_RECONNECT,
    ackWaitMs: ACK_WAIT_MS,
  });

  beforeAll(async () => {
    nats = await NatsServerProcess.start();
    producer = await new NatsBus(options('cli')).connect();
    worker = new NatsBus({ ...options('verifier'), log: recordingLog(lines) });
    // Every delivery records itself and how many deliveries of its job run at once, then publishes that it ran.
    worker.register('bustest.job.run', async ({ n, mode }, ctx) => {
      calls.set(n, [...(calls.get(n) ?? []), ctx]);
      active.set(n, (active.get(n) ?? 0) + 1);
      mostActive.set(n, Math.max(mostActive.get(n) ?? 0, active.get(n) ?? 0));
      try {
        if (mode === 'slow') await gates.get(n)?.opened;
        await worker.publish('bustest.job.done', { n });
        published.push(n);
      } catch (error) {
        publishErrors.push(BusError.from(error).code);
        throw error;
      } finally {
        active.set(n, (active.get(n) ?? 1) - 1);
      }
    });
    worker.register('bustest.echo', async ({ text }) => ({ text }));
    await worker.start();
  });

  afterAll(async () => {
    gates.forEach(({ open }) => open());
    await Promise.all([producer?.close(), worker?.close()]);
    await nats?.dispose();
  });

  it('is not ready while NATS is down, fails fast, then consumes, answers and redelivers once NATS is back', async () => {
    await producer.publish('bustest.job.run', { n: 1 });
    await waitFor(() => published.includes(1), { what: 'job 1 handled before the outage' });
    gate(2);
    gate(6);
    await producer.publish('bustest.job.run', { n: 2, mode: 'slow' });
    await producer.publish('bustest.job.run', { n: 6, mode: 'slow' });
    await waitFor(() => calls.has(2) && calls.has(6), { what: 'jobs 2 and 6 to be running' });
    expect(worker.isReady()).toBe(true);

    await nats.stop();
    await waitFor(() => !worker.isReady(), { timeoutMs: 5_000, what: 'readiness to drop when NATS dies' });
    expect(worker.notReadyReason()).toMatch(/NATS connection is down/);
    // What a service sends while NATS is down fails at once as retryable, instead of hanging.
    await expect(producer.publish('bustest.job.run', { n: 3 })).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    await expect(producer.request('bustest.echo', { text: 'down' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    // The held handler's own publish fails as retryable; its nak is lost with the connection.
    gates.get(2)?.open();
    await waitFor(() => publishErrors.length > 0, { what: 'the held handler to try publishing' });
    expect(publishErrors).toEqual(['UNAVAILABLE']);
    expect(worker.isReady()).toBe(false);

    await nats.start();
    await waitFor(() => worker.isReady() && producer.isReady(), { timeoutMs: 20_000, what: 'readiness after NATS is back' });
    // The RPC subscription is back, the consumer pulls again, and the delivery lost in the outage is redelivered.
    expect(await producer.request('bustest.echo', { text: 'back' })).toEqual({ text: 'back' });
    await producer.publish('bustest.job.run', { n: 4 });
    await waitFor(() => published.includes(4) && published.includes(2), {
      timeoutMs: 20_000,
      what: 'jobs 4 and 2 handled after the outage',
    });
    expect(calls.get(2)).toHaveLength(2);
    // Job 6 ran through the outage; the server, killed, may deliver it again: never beside the run still going.
    gates.get(6)?.open();
    await waitFor(() => published.includes(6), { what: 'job 6 to finish' });
    expect(mostActive.get(6)).toBe(1);
    const messages = lines.map((line) => `${line.level} ${line.message}`);
    expect(messages).toEqual(expect.arrayContaining(['warn NATS connection lost; reconnecting', 'info NATS connection restored']));
  });

  it('creates its durable consumer again when it is deleted on the server, and goes on consuming', async () => {
    const stream = worker.naming.stream(TEST_STREAM.name);
    const durable = worker.naming.consumer('command', 'bustest.job.run', 'verifier');
    await worker.manager().consumers.delete(stream, durable);
    await waitFor(
      async () =>
        (await worker
          .manager()
          .consumers.info(stream, durable)
          .catch(() => undefined)) !== undefined,
      {
        timeoutMs: 10_000,
        what: 'the consumer to be recreated',
      },
    );
    await waitFor(() => worker.isReady(), { timeoutMs: 10_000, what: 'readiness after the consumer is recreated' });
    await producer.publish('bustest.job.run', { n: 5 });
    await waitFor(() => published.includes(5), { what: 'job 5 handled by the recreated consumer' });
    expect(lines.some((line) => line.message === 'durable consumer missing on the server; creating it again')).toBe(true);
  });

  it('closes without waiting for a NATS server that is down', async () => {
    await nats.stop();
    await waitFor(() => !worker.isReady(), { timeoutMs: 5_000, what: 'the worker to notice' });
    await expect(worker.close()).resolves.toBeUndefined();
    expect(worker.notReadyReason()).toBe('the bus is closed');
    expect(lines.filter((line) => line.level === 'error')).toEqual([]);
  });
});
