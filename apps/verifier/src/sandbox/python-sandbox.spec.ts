import type { SandboxRunner } from './sandbox-runner';
import { createTestRunner, runSnippet } from './sandbox-test.fixture';

jest.setTimeout(120_000);

describe('Python sandbox (Pyodide in a worker)', () => {
  let runner: SandboxRunner;
  const py = (code: string, limits?: { timeMs?: number; memoryMb?: number; outputBytes?: number }) =>
    runSnippet(runner, 'python', code, limits);

  beforeAll(async () => {
    process.env['ASTRA_SANDBOX_CANARY'] = 'host-secret-value';
    runner = createTestRunner({ javascriptWorkers: 1 });
    await runner.started();
  });
  afterAll(async () => {
    await runner.onModuleDestroy();
  });

  it('runs code and captures stdout, stderr and exceptions', async () => {
    const ok = await py("import sys\nprint('hello')\nprint('warn', file=sys.stderr)");
    expect(ok).toMatchObject({ status: 'ok', stdout: 'hello\n', stderr: 'warn\n' });
    const failed = await py('def f():\n    return 1 / 0\nf()');
    expect(failed.status).toBe('error');
    expect(failed.error).toMatchObject({ type: 'ZeroDivisionError', message: 'division by zero' });
    expect(failed.stderr).toContain('line 2, in f');
  });

  describe('has no way out', () => {
    it.each([
      ['host files', "print(open('/etc/passwd').read())", /FileNotFoundError/],
      ['host directories', "import os\nprint(os.listdir('/work'))", /FileNotFoundError/],
      ['the js bridge', 'import js', /ImportError/],
      ['the pyodide_js bridge', 'import pyodide_js', /ImportError/],
      ['the pyodide package', 'from pyodide.code import run_js', /ImportError/],
      ['pyodide internals', 'import _pyodide_core', /ImportError/],
      ['ctypes', 'import ctypes', /ImportError/],
      ['gc object walking', 'import gc', /ImportError/],
      ['importlib', "import importlib\nimportlib.import_module('js')", /ImportError/],
      ['sockets', "import socket\nsocket.create_connection(('127.0.0.1', 4222))", /ImportError/],
      ['subprocesses', "import subprocess\nsubprocess.run(['id'])", /OSError|not supported/],
      ['os.system', "import os\nprint(os.system('echo ESCAPED'))", /AttributeError/],
      ['posix.system', "import posix\nprint(posix.system('echo ESCAPED'))", /AttributeError/],
    ])('cannot reach %s', async (_what, code, expected) => {
      const result = await py(code);
      expect(result.status).not.toBe('ok');
      expect(`${result.error?.type}: ${result.error?.message}`).toMatch(expected);
    });

    it('cannot see host environment variables', async () => {
      const result = await py('import os\nprint(sorted(os.environ.items()))');
      expect(result.status).toBe('ok');
      expect(result.stdout).not.toContain('host-secret-value');
      expect(result.stdout).not.toContain('ASTRA_SANDBOX_CANARY');
    });

    it('finds no JavaScript object through the module table or builtins', async () => {
      const code = [
        'import sys, builtins',
        "found = [n for n, m in list(sys.modules.items()) if 'Js' in type(m).__name__ or n in ('js', 'pyodide_js')]",
        "found += [n for n in dir(builtins) if 'js' in n.lower()]",
        'print(found)',
      ].join('\n');
      const result = await py(code);
      expect(result).toMatchObject({ status: 'ok', stdout: '[]\n' });
    });
  });

  describe('limits', () => {
    it('stops an infinite loop at the time limit and keeps serving', async () => {
      const result = await py('while True:\n    pass', { timeMs: 300 });
      expect(result.status).toBe('timeout');
      expect((await py('print(1)')).stdout).toBe('1\n');
    });

    it('terminates code that swallows the interrupt and never returns, then replaces the worker', async () => {
      const code = 'while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass';
      const result = await py(code, { timeMs: 300 });
      expect(result.status).toBe('timeout');
      expect((await py('print(2)')).stdout).toBe('2\n');
    });

    it('reports a memory bomb as memory', async () => {
      const result = await py('x = bytearray(512 * 1024 * 1024)', { memoryMb: 32 });
      expect(result.status).toBe('memory');
      const list = await py('x = []\nwhile True:\n    x.append(list(range(10000)))', { memoryMb: 32 });
      expect(list.status).toBe('memory');
    });

    it('reports deep recursion as an error, even after raising the recursion limit', async () => {
      const result = await py('import sys\nsys.setrecursionlimit(10**6)\ndef f(n):\n    return f(n + 1)\nf(0)');
      expect(result.status).toBe('error');
      expect(result.error?.type).toBe('RecursionError');
    });

    it('cuts huge output at the output limit', async () => {
      const result = await py("while True:\n    print('x' * 1000)", { outputBytes: 10_000 });
      expect(result.status).toBe('output_limit');
      expect(result.stdout.length).toBeLessThanOrEqual(10_000);
    });
  });

  it('is deterministic: seeded random, fixed clock, stable hashing', async () => {
    const code =
      'import random, time, datetime, uuid\nprint(random.random(), time.time(), datetime.datetime.now(), uuid.uuid4(), hash("a"))';
    const first = await py(code);
    const second = await py(code);
    expect(first.status).toBe('ok');
    expect(first.stdout).toBe(second.stdout);
    expect(first.stdout).toContain('2025-01-01 00:00:00');
  });

  it('serves many calls at once', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => py(`print(${i} * 2)`)));
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 200 }, (_, i) => `${i * 2}\n`));
  });
});
