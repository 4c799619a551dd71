import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { SandboxLanguage, SandboxResult } from '@astra/contracts';
import { type CliContext, UsageError } from '../cli-context';
import { positiveInt } from '../command-arguments';

interface RunOptions {
  language?: SandboxLanguage;
  timeout?: number;
  memory?: number;
  stdin?: string;
  checkDeterminism?: boolean;
  json?: boolean;
}

const EXTENSIONS: Record<string, SandboxLanguage> = { '.py': 'python', '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript' };

/** The sandbox language of a file, from its extension unless one is given. */
export function sandboxLanguageOf(file: string, explicit?: SandboxLanguage): SandboxLanguage {
  if (explicit) return explicit;
  const language = EXTENSIONS[extname(file).toLowerCase()];
  if (!language) throw new UsageError(`cannot tell the language of ${file}: use .py or .js, or --language`);
  return language;
}

/** Exit code for a result: 0 ok, the code's own SystemExit code, 124 timeout (like timeout(1)), 137 memory, else 1. */
export function sandboxExitCode(result: SandboxResult): number {
  switch (result.status) {
    case 'ok':
      return 0;
    case 'timeout':
      return 124;
    case 'memory':
      return 137;
    case 'output_limit':
      return 1;
    case 'error': {
      const code = result.error?.type === 'SystemExit' ? Number(result.error.message) : NaN;
      return Number.isInteger(code) && code > 0 && code < 256 ? code : 1;
    }
  }
}

function language(value: string): SandboxLanguage {
  if (value !== 'python' && value !== 'javascript') throw new InvalidArgumentError('must be python or javascript');
  return value;
}

async function runFile(ctx: CliContext, file: string, options: RunOptions): Promise<void> {
  const code = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  });
  const stdin = options.stdin ? await readFile(options.stdin, 'utf8') : undefined;
  const bus = await ctx.bus();
  const result = await bus.request(
    'sandbox.code.execute',
    {
      language: sandboxLanguageOf(file, options.language),
      code,
      stdin,
      limits: { timeMs: options.timeout, memoryMb: options.memory },
      checkDeterminism: options.checkDeterminism,
    },
    { timeoutMs: (options.timeout ?? 60_000) + 30_000 },
  );
  if (options.json) ctx.print(JSON.stringify(result, null, 2));
  else {
    ctx.out.write(result.stdout);
    ctx.err.write(result.stderr);
    const determinism = result.deterministic === undefined ? '' : result.deterministic ? ', deterministic' : ', NOT deterministic';
    ctx.err.write(`[sandbox] status ${result.status} in ${result.durationMs} ms${determinism}\n`);
  }
  process.exitCode = sandboxExitCode(result);
}

/** `astra sandbox ...`: run code in the verifier's sandbox. */
export function registerSandboxCommand(program: Command, ctx: CliContext): void {
  const sandbox = program.command('sandbox').description("the verifier's sandbox: Python (Pyodide) and JavaScript (QuickJS)");
  sandbox
    .command('run')
    .description('run a file in the sandbox; prints its stdout and stderr, and exits with its status')
    .argument('<file>', '.py or .js file')
    .option('--language <language>', 'python or javascript (default: from the file extension)', language)
    .option('--timeout <ms>', 'wall-time limit in milliseconds', positiveInt)
    .option('--memory <mb>', 'memory limit in MB', positiveInt)
    .option('--stdin <file>', 'file to feed to standard input')
    .option('--check-determinism', 'run twice and report whether both runs agree')
    .option('--json', 'print the whole result as JSON')
    .action((file: string, options: RunOptions) => runFile(ctx, file, options));
}
