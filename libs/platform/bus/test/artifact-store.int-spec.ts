import { BusError } from '@astra/contracts';
import { NatsBus } from '../src';
import { deleteNamespace, NATS_URL, TEST_REGISTRY, TEST_STREAM, testNamespace, type TestRegistry } from './support/test-registry';

describe('NatsArtifactStore (JetStream object store)', () => {
  let namespace: string;
  let bus: NatsBus<TestRegistry>;

  beforeEach(async () => {
    namespace = testNamespace();
    bus = await new NatsBus({
      service: 'cli',
      servers: NATS_URL,
      namespace,
      registry: TEST_REGISTRY,
      streams: [TEST_STREAM],
    }).connect();
  });

  afterEach(async () => {
    await bus.close();
    await deleteNamespace(namespace);
  });

  it('round-trips bytes and text under a sha256 key', async () => {
    const text = 'trajectory '.repeat(50_000);
    const ref = await bus.artifacts.put(text, 'text/plain');
    expect(ref.key).toBe(`sha256/${ref.sha256}`);
    expect(ref).toMatchObject({ size: Buffer.byteLength(text), contentType: 'text/plain' });
    await expect(bus.artifacts.getText(ref)).resolves.toBe(text);
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const binary = await bus.artifacts.put(bytes);
    await expect(bus.artifacts.get(binary)).resolves.toEqual(bytes);
    await expect(bus.artifacts.has(binary)).resolves.toBe(true);
  });

  it('stores the same content once', async () => {
    const first = await bus.artifacts.put('same content');
    const stream = `OBJ_${bus.artifacts.bucket}`;
    const before = (await bus.manager().streams.info(stream)).state.messages;
    const second = await bus.artifacts.put(new TextEncoder().encode('same content'));
    expect(second).toEqual(first);
    expect((await bus.manager().streams.info(stream)).state.messages).toBe(before);
  });

  it('fails for unknown content and for a ref whose hash does not match', async () => {
    const stored = await bus.artifacts.put('real');
    const missing = { ...stored, key: `sha256/${'0'.repeat(64)}`, sha256: '0'.repeat(64) };
    await expect(bus.artifacts.has(missing)).resolves.toBe(false);
    await expect(bus.artifacts.get(missing)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const forged = { ...stored, sha256: 'f'.repeat(64) };
    const read = bus.artifacts.get(forged);
    await expect(read).rejects.toBeInstanceOf(BusError);
    await expect(read).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
