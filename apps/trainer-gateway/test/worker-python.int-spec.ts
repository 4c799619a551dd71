import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const WORKER_DIR = join(__dirname, '..', 'worker');
const PYTHON = '/usr/bin/python3';

// Listed synchronously at describe time so each Python test file is its own Jest test.
const modules = readdirSync(join(WORKER_DIR, 'tests'))
  .filter((name) => /^test_.*\.py$/.test(name))
  .map((name) => name.replace(/\.py$/, ''))
  .sort();

/** Runs one unittest module in the worker folder; its exit code and everything it printed. */
function runModule(module: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-m', 'unittest', '-v', `tests.${module}`], { cwd: WORKER_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the Python training worker (astra_trainer unittest suites)', () => {
  it('has test files to run', () => {
    expect(modules.length).toBeGreaterThan(0);
  });

  it.each(modules)(
    '%s passes',
    async (module) => {
      const { code, output } = await runModule(module);
      if (code !== 0) process.stderr.write(`--- ${module} ---\n${output}\n`);
      expect({ module, code }).toEqual({ module, code: 0 });
    },
    240_000,
  );
});
