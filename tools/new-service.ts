// Creates a new service from tools/templates/service (see README, "Adding a service"):
//   npm run new-service -- <name> [--port <n>] [--declare]
// <name> is one of the services libs/contracts declares that has no app yet (e.g. trainer-gateway); --declare adds a
// service the system does not declare yet (a design change) to libs/contracts and the eslint scopes.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateService } from './service-generator/generate-service';
import { GeneratorError } from './service-generator/service-names';

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { port: { type: 'string' }, declare: { type: 'boolean', default: false } },
  });
  const [name, ...rest] = positionals;
  if (name === undefined || rest.length > 0) throw new GeneratorError('usage: npm run new-service -- <name> [--port <n>] [--declare]');
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new GeneratorError('--port must be a TCP port');
  const root = resolve(__dirname, '..');
  const result = generateService({ root, name, port, declare: values.declare });
  formatFiles(root, [...result.created, ...result.edited]);
  process.stdout.write(
    [
      `created ${name}:`,
      ...result.created.map((file) => `  ${file}`),
      'wired into:',
      ...result.edited.map((file) => `  ${file}`),
      ...result.notes.map((note) => `note: ${note}`),
      'next:',
      `  npx jest apps/${name}/src                     # unit; then apps/${name}/test (integration) and apps/e2e/${name}.e2e-spec.ts`,
      `  grep -rn EXAMPLE apps/${name} apps/cli/src/commands/${name}.command.ts libs/contracts/src/messages/${name}.messages.ts`,
      '  replace the example job with the first real one (README, "Adding a service")',
      '',
    ].join('\n'),
  );
}

/** Formats what was written with the project's formatter, so the new service passes the test command's format check. */
function formatFiles(root: string, files: readonly string[]): void {
  const code = files.filter((file) => /\.(ts|json)$/.test(file));
  if (code.length === 0) return;
  execFileSync(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--write', '--log-level', 'warn', ...code], {
    cwd: root,
    stdio: 'inherit',
  });
}

try {
  main();
} catch (error) {
  process.stderr.write(`new-service: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof GeneratorError ? 2 : 1;
}
