import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { BusError } from '@astra/contracts';
import { NatsBus } from '../src';
import { deleteNamespace, NATS_URL, TEST_REGISTRY, TEST_STREAM, testNamespace, type TestRegistry } from './support/test-registry';

/** The streams (object-store buckets included) of a namespace that exist on the server now. */
async function streamsOf(namespace: string): Promise<string[]> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const name of jsm.streams.names()) if (name.includes(`${namespace}_`)) names.push(name);
    return names.sort();
  } finally {
    await nc.drain();
  }
}

describe('stream topology: services create streams, clients only use them', () => {
  let namespace: string;
  const buses: NatsBus<TestRegistry>[] = [];

  const bus = (service: 'cli' | 'verifier', createStreams?: boolean) => {
    const created = new NatsBus({ service, servers: NATS_URL, namespace, registry: TEST_REGISTRY, streams: [TEST_STREAM], createStreams });
    buses.push(created);
    return created;
  };

  beforeEach(() => {
    namespace = testNamespace();
  });

  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
    await deleteNamespace(namespace);
  });

  it('a service creates its streams and the artifact bucket at connect', async () => {
    await bus('verifier').connect();
    expect(await streamsOf(namespace)).toEqual(
      [`${namespace}_ASTRA_BUSTEST`, `${namespace}_ASTRA_DLQ`, `OBJ_${namespace}_ASTRA_ARTIFACTS`].sort(),
    );
  });

  it('a client does not re-create deleted streams: connecting, publishing and storing an artifact fail plainly', async () => {
    const service = await bus('verifier').connect();
    await service.close();
    await deleteNamespace(namespace);
    expect(await streamsOf(namespace)).toEqual([]);

    const client = await bus('cli', false).connect();
    const published = client.publish('bustest.job.run', { n: 1 });
    await expect(published).rejects.toThrow(BusError);
    await expect(published).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: `stream ${namespace}_ASTRA_BUSTEST does not exist: is the service running on this NATS server and namespace?`,
    });
    await expect(client.artifacts.put('catalog rows')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: `artifact bucket ${namespace}_ASTRA_ARTIFACTS does not exist: is the service running on this NATS server and namespace?`,
    });
    expect(await streamsOf(namespace)).toEqual([]);
  });

  it('a client publishes to the streams once a service has created them', async () => {
    const client = await bus('cli', false).connect();
    await expect(client.publish('bustest.job.run', { n: 2 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await bus('verifier').connect();
    await expect(client.publish('bustest.job.run', { n: 2 })).resolves.toMatchObject({ duplicate: false });
    const ref = await client.artifacts.put('catalog rows');
    await expect(client.artifacts.getText(ref)).resolves.toBe('catalog rows');
  });
});
