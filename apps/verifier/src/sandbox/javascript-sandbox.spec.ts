import type { SandboxRunner } from './sandbox-runner';
import { DEFAULT_DETERMINISM, resolveLimits } from './sandbox-settings';
import { createTestRunner, runSnippet } from './sandbox-test.fixture';

jest.setTimeout(120_000);

describe('JavaScript sandbox (QuickJS in a worker)', () => {
  let runner: SandboxRunner;
  const js = (code: string, limits?: { timeMs?: number; memoryMb?: number; outputBytes?: number }) =>
    runSnippet(runner, 'javascript', code, limits);

  beforeAll(async () => {
    runner = createTestRunner({ pythonWorkers: 1, javascriptWorkers: 2 });
    await runner.started();
  });
  afterAll(async () => {
    await runner.onModuleDestroy();
  });

  it('runs code and captures console output and exceptions', async () => {
    expect(await js("console.log('hello', {a: 1}); console.error('warn')")).toMatchObject({
      status: 'ok',
      stdout: 'hello {"a":1}\n',
      stderr: 'warn\n',
    });
    const failed = await js("function f() { throw new TypeError('bad') }\nf()");
    expect(failed).toMatchObject({ status: 'error', error: { type: 'TypeError', message: 'bad' } });
  });

  it('reports a thrown value that is not an Error as JSON, not as [object Object]', async () => {
    expect(await js('throw { code: 42 }')).toMatchObject({ status: 'error', error: { type: 'Error', message: '{"code":42}' } });
    expect(await js("throw 'boom'")).toMatchObject({ status: 'error', error: { type: 'Error', message: 'boom' } });
  });

  describe('has no way out', () => {
    it.each([
      [
        'the host global object',
        'console.log(typeof process, typeof require, typeof fetch, typeof module)',
        'undefined undefined undefined undefined\n',
      ],
      [
        'host functions by name',
        'console.log(typeof __astraWrite, typeof std, typeof os, typeof setTimeout)',
        'undefined undefined undefined undefined\n',
      ],
      [
        'files, sockets, processes through imports',
        "import('fs').then(() => console.log('ESCAPED'), (e) => console.log('blocked'))",
        'blocked\n',
      ],
    ])('cannot reach %s', async (_what, code, stdout) => {
      const result = await js(code);
      expect(result.stdout).not.toContain('ESCAPED');
      expect(result.stdout).toBe(stdout);
    });

    it('cannot reach the host through the Function constructor', async () => {
      const result = await js("const g = (function(){}).constructor('return globalThis')(); console.log(typeof g.process)");
      expect(result.stdout).toBe('undefined\n');
    });
  });

  describe('limits', () => {
    it('stops an infinite loop at the time limit', async () => {
      expect((await js('while (true) {}', { timeMs: 200 })).status).toBe('timeout');
      expect((await js('console.log(1)')).stdout).toBe('1\n');
    });

    it('reports memory bombs of small and large allocations as memory', async () => {
      expect((await js('const a = []; while (true) a.push({ x: a.length })', { memoryMb: 16 })).status).toBe('memory');
      expect((await js('const b = []; while (true) b.push(new ArrayBuffer(1 << 20))', { memoryMb: 16 })).status).toBe('memory');
      expect((await js('console.log(2)')).stdout).toBe('2\n');
    });

    it('reports deep recursion as an error', async () => {
      const result = await js('function f(n) { return f(n + 1) }\nf(0)');
      expect(result.status).toBe('error');
      expect(result.error?.message).toMatch(/stack/);
    });

    it('cuts huge output at the output limit', async () => {
      const result = await js("while (true) console.log('x'.repeat(1000))", { outputBytes: 10_000 });
      expect(result.status).toBe('output_limit');
      expect(result.stdout.length).toBeLessThanOrEqual(10_000);
    });
  });

  it('is deterministic: seeded Math.random and a fixed clock', async () => {
    const code = 'console.log(Math.random(), Date.now(), new Date().toISOString())';
    const first = await js(code);
    expect(first.stdout).toBe((await js(code)).stdout);
    expect(first.stdout).toContain('2025-01-01T00:00:00.000Z');
  });

  it("reports a queued call's own run time as durationMs and its wait for the worker as queuedMs", async () => {
    const call = (code: string) =>
      runner.run('javascript', { type: 'run', code, stdin: '' }, resolveLimits(runner.defaults, { timeMs: 30_000 }), {
        determinism: DEFAULT_DETERMINISM,
        slot: 0,
      });
    // Both on one worker: the second waits for the whole of the first (a busy loop; the clock is fixed, so count).
    const [first, second] = await Promise.all([
      call('let s = 0; for (let i = 0; i < 1e6; i++) s += i % 7; console.log(s > 0)'),
      call('console.log(1)'),
    ]);
    expect([first.stdout, second.stdout]).toEqual(['true\n', '1\n']);
    expect(second.queuedMs).toBeGreaterThanOrEqual(first.durationMs);
    // Counting the wait (as execution_time once did) would make the second at least as long as the first.
    expect(second.durationMs).toBeLessThan(first.durationMs);
  });

  it('serves many calls at once', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => js(`console.log(${i} * 2)`)));
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 200 }, (_, i) => `${i * 2}\n`));
  });
});
