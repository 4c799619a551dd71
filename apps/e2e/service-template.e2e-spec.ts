import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SERVICE_NAMES } from '@astra/contracts';
import { E2E } from './support/e2e.config';

// Generating a service and checking it runs the compiler, the linter and three Jest projects in a copy of the repository.
jest.setTimeout(600_000);

const CHECK_TSCONFIG = 'tsconfig.template-check.json';

interface Run {
  readonly code: number;
  readonly output: string;
}

/** Runs a command in `cwd` and resolves with its exit code and the end of its output (stdout, then stderr). */
function run(cwd: string, command: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { cwd, env: { ...E2E.baseEnv(), NX_DAEMON: 'false' }, maxBuffer: 64 * 1024 * 1024, timeout: 480_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}`.slice(-20_000) });
      },
    );
  });
}

/** The repository's files (committed, changed or new, not ignored) copied into a temporary folder, sharing node_modules. */
function copyRepository(): string {
  const copy = mkdtempSync(join(tmpdir(), 'astra-template-'));
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: E2E.root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const file of listed.split('\0').filter((name) => name !== '' && existsSync(join(E2E.root, name)))) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(E2E.root, file), join(copy, file));
  }
  symlinkSync(realpathSync(join(E2E.root, 'node_modules')), join(copy, 'node_modules'));
  return copy;
}

describe('npm run new-service: a generated service typechecks, lints and passes its own tests', () => {
  // A declared service that has no app yet; once all have one, a new service declared for the test.
  const free = SERVICE_NAMES.find((name) => name !== 'cli' && !existsSync(join(E2E.root, 'apps', name)));
  const name = free ?? 'template-check';
  let copy = '';
  let created: string[] = [];
  /** The TypeScript files generated or edited. */
  let checked: string[] = [];

  beforeAll(async () => {
    copy = copyRepository();
    const generated = await run(copy, process.execPath, [
      '-r',
      '@swc-node/register',
      'tools/new-service.ts',
      name,
      ...(free ? [] : ['--declare']),
    ]);
    expect(generated).toMatchObject({ code: 0, output: expect.stringContaining(`created ${name}:`) });
    const section = (title: string) =>
      (generated.output.split(`${title}:\n`)[1] ?? '')
        .split(/\n(?! )/)[0]
        ?.split('\n')
        .map((line) => line.trim()) ?? [];
    created = section(`created ${name}`);
    checked = [...created, ...section('wired into')].filter((file) => file.endsWith('.ts'));
    // Only what the service reaches, not the whole repository: tsc (and the type-aware lint rules) follow the imports.
    writeFileSync(
      join(copy, CHECK_TSCONFIG),
      JSON.stringify({ extends: './tsconfig.base.json', compilerOptions: { noEmit: true }, files: checked }),
    );
  });

  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('refuses to generate the same service again, and a name that is not kebab-case', async () => {
    expect(await run(copy, process.execPath, ['-r', '@swc-node/register', 'tools/new-service.ts', name, '--declare'])).toMatchObject({
      code: 2,
      output: expect.stringContaining(`apps/${name} already exists`),
    });
    expect(await run(copy, process.execPath, ['-r', '@swc-node/register', 'tools/new-service.ts', 'Trainer_Gateway'])).toMatchObject({
      code: 2,
      output: expect.stringContaining('use kebab-case'),
    });
  });

  it('typechecks: the new files and the shared files they were wired into', async () => {
    expect(checked).toEqual(
      expect.arrayContaining([
        `apps/${name}/src/main.ts`,
        `apps/e2e/${name}.e2e-spec.ts`,
        'apps/cli/src/main.ts',
        'libs/contracts/src/registry/registry.ts',
      ]),
    );
    expect(await run(copy, 'node_modules/.bin/tsc', ['-p', CHECK_TSCONFIG])).toEqual({ code: 0, output: '' });
  });

  it('is formatted as the test command checks', async () => {
    const formatted = [...created, ...checked].filter((file, i, all) => /\.(ts|json)$/.test(file) && all.indexOf(file) === i);
    expect(await run(copy, 'node_modules/.bin/prettier', ['--check', ...formatted])).toMatchObject({ code: 0 });
  });

  it('lints with the module boundaries of its Nx projects (type:app and type:persistence in scope:<name>)', async () => {
    const projects = await run(copy, 'node_modules/.bin/nx', ['show', 'projects']);
    expect(projects.code).toBe(0);
    expect(projects.output.split('\n')).toEqual(expect.arrayContaining([name, `persistence-${name}`]));
    const linted = await run(copy, 'node_modules/.bin/eslint', [
      '--max-warnings=0',
      '--parser-options',
      `project:./${CHECK_TSCONFIG}`,
      ...checked,
    ]);
    expect(linted).toMatchObject({ code: 0 });
  });

  it('passes its unit, integration and end-to-end specs (in-memory bus; real NATS, SQLite and PostgreSQL; processes and the CLI)', async () => {
    const specs = created.filter((file) => /\.(spec|int-spec|e2e-spec)\.ts$/.test(file));
    expect(specs).toHaveLength(3);
    const tested = await run(copy, 'node_modules/.bin/jest', ['--ci', '--runInBand', ...specs]);
    expect(tested).toMatchObject({ code: 0, output: expect.stringMatching(/Tests: +\d+ passed, \d+ total/) });
  });
});
