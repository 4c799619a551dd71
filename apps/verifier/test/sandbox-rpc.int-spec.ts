import { BusError, type EnvironmentBundle } from '@astra/contracts';
import type { NatsBus } from '@astra/platform/bus';
import { VerifierHarness } from './verifier.harness';

jest.setTimeout(120_000);

const BUNDLE: EnvironmentBundle = {
  language: 'python',
  setup: 'items = []',
  tools: [
    { name: 'add_item', code: 'def add_item(name):\n    items.append(name)\n    return len(items)' },
    { name: 'list_items', code: 'def list_items():\n    return list(items)' },
  ],
};

describe('verifier sandbox over NATS RPC (real nats-server)', () => {
  const world = new VerifierHarness();
  let broker: NatsBus;
  let cli: NatsBus;

  beforeAll(async () => {
    await world.start();
    broker = await world.client('rollout-broker');
    cli = await world.client('cli');
  });
  afterAll(async () => {
    await world.stop();
  });

  it('executes snippets in both languages with their statuses', async () => {
    expect(await cli.request('sandbox.code.execute', { language: 'python', code: 'print(6 * 7)' })).toMatchObject({
      status: 'ok',
      stdout: '42\n',
    });
    expect(await cli.request('sandbox.code.execute', { language: 'javascript', code: 'console.log(6 * 7)' })).toMatchObject({
      status: 'ok',
      stdout: '42\n',
    });
    expect(await cli.request('sandbox.code.execute', { language: 'python', code: 'raise ValueError("no")' })).toMatchObject({
      status: 'error',
      error: { type: 'ValueError' },
    });
    expect(
      await cli.request('sandbox.code.execute', { language: 'python', code: 'while True: pass', limits: { timeMs: 200 } }),
    ).toMatchObject({ status: 'timeout' });
  });

  it('runs a determinism check when asked', async () => {
    const result = await cli.request('sandbox.code.execute', {
      language: 'python',
      code: 'import random\nprint(random.random())',
      checkDeterminism: true,
    });
    expect(result).toMatchObject({ status: 'ok', deterministic: true });
    const real = await cli.request('sandbox.code.execute', {
      language: 'python',
      // Each run lasts at least 5 ms of real time, so the two runs print different times.
      code: 'import time\nstart = time.time()\nwhile time.time() - start < 0.005:\n    pass\nprint(time.time_ns())',
      determinism: { clock: 'real' },
      checkDeterminism: true,
    });
    expect(real.deterministic).toBe(false);
  });

  it('opens sessions, calls tools with state per session, and closes them', async () => {
    const a = await broker.request('sandbox.session.open', { bundle: BUNDLE });
    const b = await broker.request('sandbox.session.open', { bundleHash: a.bundleHash });
    expect(a.tools).toEqual(['add_item', 'list_items']);
    await broker.request('sandbox.tool.call', { sessionId: a.sessionId, tool: 'add_item', arguments: { name: 'x' } });
    expect(await broker.request('sandbox.tool.call', { sessionId: a.sessionId, tool: 'add_item', arguments: { name: 'y' } })).toMatchObject(
      { value: 2 },
    );
    expect(await broker.request('sandbox.tool.call', { sessionId: b.sessionId, tool: 'list_items', arguments: {} })).toMatchObject({
      value: [],
    });
    expect(await broker.request('sandbox.session.close', { sessionId: a.sessionId })).toEqual({ closed: true });
    expect(await broker.request('sandbox.session.close', { sessionId: a.sessionId })).toEqual({ closed: false });
    const gone = broker.request('sandbox.tool.call', { sessionId: a.sessionId, tool: 'list_items', arguments: {} });
    await expect(gone).rejects.toBeInstanceOf(BusError);
    await expect(gone).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers many concurrent calls', async () => {
    const calls = Array.from({ length: 300 }, (_, i) =>
      cli.request('sandbox.code.execute', { language: i % 2 ? 'python' : 'javascript', code: i % 2 ? `print(${i})` : `console.log(${i})` }),
    );
    const results = await Promise.all(calls);
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 300 }, (_, i) => `${i}\n`));
  });

  describe('a result never outgrows the reply: output past what one result carries is output_limit', () => {
    /** NATS's default max_payload, which the test server keeps. */
    const MAX_PAYLOAD = 1024 * 1024;
    const fits = (result: unknown) => expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThan(MAX_PAYLOAD);

    it.each([
      ['python', 'print("x" * 3_000_000)', undefined],
      ['javascript', 'console.log("x".repeat(3_000_000))', undefined],
      ['python', 'import sys\nfor _ in range(100):\n    sys.stdout.write("y" * 100_000)', { outputBytes: 16 * 1024 * 1024 }],
      // 400 KB of a control character is 2.4 MB as JSON, though it is under the output limit in bytes.
      ['python', 'print("\\x01" * 400_000)', { outputBytes: 1024 * 1024 }],
      ['javascript', 'console.log("\\u0001".repeat(400_000))', { outputBytes: 1024 * 1024 }],
    ] as const)('%s: %s', async (language, code, limits) => {
      const result = await cli.request('sandbox.code.execute', { language, code, ...(limits ? { limits } : {}) });
      expect(result.status).toBe('output_limit');
      expect(result.stdout.length).toBeGreaterThan(1000);
      fits(result);
    });

    it('cuts an exception message too large to carry and keeps its type', async () => {
      const result = await cli.request('sandbox.code.execute', { language: 'python', code: 'raise ValueError("z" * 3_000_000)' });
      expect(result).toMatchObject({ status: 'error', error: { type: 'ValueError' } });
      fits(result);
    });

    it('drops a tool return value too large to carry', async () => {
      const bundle: EnvironmentBundle = {
        language: 'javascript',
        tools: [{ name: 'big', code: 'function big() { return "v".repeat(3000000); }' }],
      };
      const session = await broker.request('sandbox.session.open', { bundle });
      const result = await broker.request('sandbox.tool.call', {
        sessionId: session.sessionId,
        tool: 'big',
        arguments: {},
        limits: { outputBytes: 16 * 1024 * 1024 },
      });
      expect(result.status).toBe('output_limit');
      expect(result.value).toBeUndefined();
      fits(result);
    });
  });
});
