import { BusError, deadLetterSubject, ENVELOPE_HEADERS } from '@astra/contracts';
import { waitFor } from '@astra/testing';
import { DEAD_LETTER_HEADERS, NatsBus, type MessageContext } from '../src';
import { deleteNamespace, NATS_URL, TEST_REGISTRY, TEST_STREAM, testNamespace, type TestRegistry } from './support/test-registry';

type Mode = 'ok' | 'fail-once' | 'fail-always' | 'fatal' | 'slow';

describe('NatsBus delivery (JetStream)', () => {
  let namespace: string;
  let producer: NatsBus<TestRegistry>;
  let worker: NatsBus<TestRegistry>;
  let miner: NatsBus<TestRegistry>;
  const calls = new Map<number, MessageContext[]>();
  const done: number[] = [];

  const options = (service: 'cli' | 'verifier' | 'graph-miner') => ({
    service,
    servers: NATS_URL,
    namespace,
    registry: TEST_REGISTRY,
    streams: [TEST_STREAM],
  });

  beforeEach(async () => {
    namespace = testNamespace();
    calls.clear();
    done.length = 0;
    producer = await new NatsBus(options('cli')).connect();
    worker = new NatsBus(options('verifier'));
    worker.register('bustest.job.run', async ({ n, mode }, ctx) => {
      const seen = [...(calls.get(n) ?? []), ctx];
      calls.set(n, seen);
      await runMode(mode, seen.length);
      await worker.publish('bustest.job.done', { n });
    });
    worker.register('bustest.echo', async ({ text }) => ({ text }));
    await worker.start();
    miner = new NatsBus(options('graph-miner'));
    miner.register('bustest.job.done', async ({ n }) => {
      done.push(n);
    });
    await miner.start();
  });

  afterEach(async () => {
    await Promise.all([producer.close(), worker.close(), miner.close()]);
    await deleteNamespace(namespace);
  });

  it('redelivers after a retryable failure, then acks', async () => {
    await producer.publish('bustest.job.run', { n: 1, mode: 'fail-once' });
    await waitFor(() => done.includes(1), { what: 'job 1 done' });
    const seen = calls.get(1) ?? [];
    expect(seen.map((c) => c.deliveryCount)).toEqual([1, 2]);
    const info = await worker.manager().consumers.info(`${namespace}_${TEST_STREAM.name}`, `${namespace}_cmd_bustest_job_run`);
    await waitFor(
      async () => {
        const now = await worker.manager().consumers.info(info.stream_name, info.name);
        return now.num_ack_pending === 0 && now.num_pending === 0;
      },
      { what: 'consumer drained' },
    );
  });

  it('dead-letters after the last delivery with the error code, and stops redelivering', async () => {
    const { id } = await producer.publish('bustest.job.run', { n: 2, mode: 'fail-always' });
    const dlq = await readDeadLetter(worker, namespace);
    expect(dlq.header.get(ENVELOPE_HEADERS.errorCode)).toBe('INTERNAL');
    expect(dlq.header.get(DEAD_LETTER_HEADERS.originalId)).toBe(id);
    expect(dlq.header.get(DEAD_LETTER_HEADERS.deliveryCount)).toBe('3');
    expect(JSON.parse(dlq.string())).toEqual({ n: 2, mode: 'fail-always' });
    expect(calls.get(2)?.map((c) => c.lastDelivery)).toEqual([false, false, true]);
    // A later message is handled while the dead one stays dead: deliveries of 2 stop at 3.
    await producer.publish('bustest.job.run', { n: 3 });
    await waitFor(() => done.includes(3), { what: 'job 3 done' });
    expect(calls.get(2)).toHaveLength(3);
  });

  it('dead-letters a non-retryable error on the first delivery', async () => {
    await producer.publish('bustest.job.run', { n: 4, mode: 'fatal' });
    const dlq = await readDeadLetter(worker, namespace);
    expect(dlq.header.get(ENVELOPE_HEADERS.errorCode)).toBe('CONFLICT');
    expect(calls.get(4)).toHaveLength(1);
  });

  it('handles a duplicate publish (same id) once', async () => {
    const first = await producer.publish('bustest.job.run', { n: 5 }, { id: 'dup-5' });
    const second = await producer.publish('bustest.job.run', { n: 5 }, { id: 'dup-5' });
    expect(first).toEqual({ id: 'dup-5', duplicate: false });
    expect(second).toEqual({ id: 'dup-5', duplicate: true });
    await producer.publish('bustest.job.run', { n: 6 });
    await waitFor(() => done.includes(5) && done.includes(6), { what: 'jobs 5 and 6 done' });
    expect(calls.get(5)).toHaveLength(1);
  });

  it('rejects an invalid payload on publish', async () => {
    const bad = producer.publish('bustest.job.run', { n: 'seven' } as never);
    await expect(bad).rejects.toMatchObject({ code: 'VALIDATION_FAILED', retryable: false });
    await expect(bad).rejects.toBeInstanceOf(BusError);
  });

  it('passes run and causation from a handled message to what its handler publishes', async () => {
    const { id } = await producer.publish('bustest.job.run', { n: 7 }, { runId: 'run-7' });
    await waitFor(() => done.includes(7), { what: 'job 7 done' });
    const ctx = calls.get(7)?.[0];
    expect(ctx).toMatchObject({ id, runId: 'run-7', producer: 'cli', key: 'bustest.job.run', deliveryCount: 1 });
  });
});

async function runMode(mode: Mode, attempt: number): Promise<void> {
  switch (mode) {
    case 'fail-once':
      if (attempt === 1) throw new BusError('UNAVAILABLE', 'first attempt fails');
      return;
    case 'fail-always':
      throw new Error('always fails');
    case 'fatal':
      throw new BusError('CONFLICT', 'cannot ever work');
    default:
      return;
  }
}

async function readDeadLetter(bus: NatsBus<TestRegistry>, namespace: string) {
  const stream = `${namespace}_ASTRA_DLQ`;
  const subject = `${namespace}.${deadLetterSubject(TEST_REGISTRY['bustest.job.run'].subject)}`;
  const jsm = bus.manager();
  await waitFor(async () => (await jsm.streams.info(stream)).state.messages > 0, { what: 'a dead letter' });
  const stored = await jsm.streams.getMessage(stream, { last_by_subj: subject });
  if (!stored) throw new Error('dead letter not found');
  return stored;
}

describe('NatsBus ackWaitMs (BUS_ACK_WAIT_MS)', () => {
  const namespace = testNamespace();
  const consumerAckWaitMs = async (bus: NatsBus<TestRegistry>) =>
    ((await bus.manager().consumers.info(`${namespace}_${TEST_STREAM.name}`, `${namespace}_cmd_bustest_job_run`)).config.ack_wait ?? 0) /
    1e6;

  async function startWorker(ackWaitMs?: number): Promise<NatsBus<TestRegistry>> {
    const bus = new NatsBus({
      service: 'verifier',
      servers: NATS_URL,
      namespace,
      registry: TEST_REGISTRY,
      streams: [TEST_STREAM],
      ...(ackWaitMs === undefined ? {} : { ackWaitMs }),
    });
    bus.register('bustest.job.run', async () => undefined);
    bus.register('bustest.echo', async ({ text }) => ({ text }));
    await bus.start();
    return bus;
  }

  afterAll(() => deleteNamespace(namespace));

  it('replaces the registry ack wait on the durable consumer, also on one that already exists, and gives it back when unset', async () => {
    const declared = await startWorker();
    expect(await consumerAckWaitMs(declared)).toBe(5000);
    await declared.close();
    const overridden = await startWorker(1500);
    expect(await consumerAckWaitMs(overridden)).toBe(1500);
    await overridden.close();
    const restored = await startWorker();
    expect(await consumerAckWaitMs(restored)).toBe(5000);
    await restored.close();
  });
});
