import 'reflect-metadata';
import { Command } from 'commander';
import { loadCliConfig } from './cli.config';
import { CliContext, UsageError, describeFailure } from './cli-context';
import { registerCatalogCommand } from './commands/catalog.command';
import { registerChainsCommand } from './commands/chains.command';
import { registerGraphCommand } from './commands/graph.command';
import { registerSandboxCommand } from './commands/sandbox.command';

/** The `astra` command. Each command group lives in commands/<group>.command.ts and is registered here. */
async function main(argv: string[]): Promise<void> {
  let ctx: CliContext;
  try {
    ctx = new CliContext(() => loadCliConfig());
  } catch (error) {
    process.stderr.write(`${describeFailure(error)}\n`);
    process.exitCode = 2;
    return;
  }
  const program = new Command('astra')
    .description('Astra: an automated factory for tool-using LLM agents')
    .showHelpAfterError()
    .configureOutput({ writeErr: (text) => ctx.err.write(text) });

  registerCatalogCommand(program, ctx);
  registerGraphCommand(program, ctx);
  registerChainsCommand(program, ctx);
  registerSandboxCommand(program, ctx);

  try {
    await program.parseAsync(argv);
  } catch (error) {
    ctx.err.write(`${describeFailure(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } finally {
    await ctx.close();
  }
}

void main(process.argv);
