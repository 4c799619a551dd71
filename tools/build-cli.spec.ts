import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildCli, readSource, specifiersOf, STAMP_FILE, type BuildStamp } from './build-cli';
import { currentBuild } from './cli-build-stamp';

const ROOT = resolve(__dirname, '..');

describe('specifiersOf', () => {
  it('names imports, type imports, re-exports and dynamic imports of a literal', () => {
    const code = [
      "import 'reflect-metadata';",
      "import { a } from './a';",
      "import type { B } from '@astra/contracts';",
      "export { c } from './c';",
      "export * from './d';",
      'export async function f(name: string) { await import(name); return import(`./e`) && import("@astra/platform/bus"); }',
    ].join('\n');
    expect(specifiersOf(code).sort()).toEqual(['./a', './c', './d', '@astra/contracts', '@astra/platform/bus', 'reflect-metadata'].sort());
  });
});

describe('the compiled CLI', () => {
  // Inside the repository (tmp/ is ignored), so the output finds node_modules as dist/cli does.
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  const out = mkdtempSync(join(ROOT, 'tmp', 'cli-build-'));

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('runs on plain node, and `--help` loads neither zod, the NATS client, Nest nor the OpenTelemetry SDK', () => {
    buildCli(ROOT, out);
    const entry = currentBuild(ROOT, out);
    expect(entry).toBe(join(out, 'apps/cli/src/main.js'));
    // Lists every module loaded, at exit, after the help text.
    const census = `process.on('exit', () => console.log(JSON.stringify(Object.keys(require.cache)))); require(${JSON.stringify(entry)});`;
    const output = execFileSync(process.execPath, ['-e', census, 'astra', '--help'], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] },
    });
    expect(output).toContain('Usage: astra');
    for (const command of ['catalog', 'graph', 'chains', 'sandbox']) expect(output).toMatch(new RegExp(`^  ${command} `, 'm'));
    const loaded = JSON.parse(output.trim().split('\n').at(-1) ?? '[]') as string[];
    expect(loaded.some((file) => file.includes('node_modules/commander/'))).toBe(true);
    const heavy = loaded.filter((file) =>
      /node_modules\/(zod|@nats-io|@nestjs|@opentelemetry\/sdk-|typeorm|pyodide|quickjs-emscripten)\//.test(file),
    );
    expect(heavy).toEqual([]);
  });
});

describe('currentBuild (is dist/cli current?)', () => {
  const root = mkdtempSync(join(tmpdir(), 'astra-cli-stamp-'));
  const out = join(root, 'dist', 'cli');
  const source = join(root, 'src', 'main.ts');

  beforeAll(() => {
    mkdirSync(join(root, 'src'));
    mkdirSync(out, { recursive: true });
    writeFileSync(source, 'export const answer = 42;\n');
    const stamp: BuildStamp = { entry: 'src/main.js', sources: { 'src/main.ts': readSource(source).stamp } };
    writeFileSync(join(out, STAMP_FILE), JSON.stringify(stamp));
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is current while the sources are as built, even when only their mtime moved (a checkout)', () => {
    expect(currentBuild(root)).toBe(join(out, 'src/main.js'));
    utimesSync(source, new Date(), new Date(Date.now() + 60_000));
    expect(currentBuild(root)).toBe(join(out, 'src/main.js'));
  });

  it('is stale when a source changed, even at the same size, or is gone', () => {
    writeFileSync(source, 'export const answer = 43;\n');
    expect(currentBuild(root)).toBeUndefined();
    writeFileSync(source, 'export const answer = 42;\n');
    expect(currentBuild(root)).toBe(join(out, 'src/main.js'));
    unlinkSync(source);
    expect(currentBuild(root)).toBeUndefined();
  });

  it('is absent without a stamp', () => {
    expect(currentBuild(join(root, 'src'))).toBeUndefined();
  });
});
