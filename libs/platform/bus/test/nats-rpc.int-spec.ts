import { BusError, isErrorCode } from '@astra/contracts';
import { NatsBus } from '../src';
import { deleteNamespace, NATS_URL, TEST_REGISTRY, TEST_STREAM, testNamespace, type TestRegistry } from './support/test-registry';

describe('NatsBus RPC (core request/reply)', () => {
  let namespace: string;
  let caller: NatsBus<TestRegistry>;
  let server: NatsBus<TestRegistry> | undefined;
  const release: Array<() => void> = [];

  const options = (service: 'cli' | 'verifier') => ({
    service,
    servers: NATS_URL,
    namespace,
    registry: TEST_REGISTRY,
    streams: [TEST_STREAM],
  });

  async function startServer(): Promise<void> {
    const bus = new NatsBus(options('verifier'));
    bus.register('bustest.echo', async ({ text, hangMs, failCode }) => {
      if (hangMs) await new Promise<void>((resolve) => release.push(resolve));
      if (failCode && isErrorCode(failCode)) throw new BusError(failCode, `asked to fail with ${failCode}`);
      return { text: text.toUpperCase() };
    });
    bus.register('bustest.job.run', async () => undefined);
    await bus.start();
    server = bus;
  }

  beforeEach(async () => {
    namespace = testNamespace();
    caller = await new NatsBus(options('cli')).connect();
  });

  afterEach(async () => {
    for (const resolve of release.splice(0)) resolve();
    await Promise.all([caller.close(), server?.close()]);
    server = undefined;
    await deleteNamespace(namespace);
  });

  it('answers with the parsed response', async () => {
    await startServer();
    await expect(caller.request('bustest.echo', { text: 'hi' })).resolves.toEqual({ text: 'HI' });
  });

  it('rejects with NO_RESPONDERS when no service listens', async () => {
    await expect(caller.request('bustest.echo', { text: 'hi' })).rejects.toMatchObject({ code: 'NO_RESPONDERS' });
  });

  it('rejects with TIMEOUT when the handler does not answer in time', async () => {
    await startServer();
    await expect(caller.request('bustest.echo', { text: 'hi', hangMs: 1 }, { timeoutMs: 100 })).rejects.toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
    });
  });

  it('carries the handler error code and retryable flag back to the caller', async () => {
    await startServer();
    const failed = caller.request('bustest.echo', { text: 'hi', failCode: 'CONFLICT' });
    await expect(failed).rejects.toBeInstanceOf(BusError);
    await expect(failed).rejects.toMatchObject({ code: 'CONFLICT', retryable: false, message: 'asked to fail with CONFLICT' });
    const retryable = caller.request('bustest.echo', { text: 'hi', failCode: 'SANDBOX_FAULT' });
    await expect(retryable).rejects.toMatchObject({ code: 'SANDBOX_FAULT', retryable: true });
  });

  it('rejects an invalid request payload before sending it', async () => {
    await startServer();
    await expect(caller.request('bustest.echo', { text: 42 } as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
