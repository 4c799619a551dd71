import { cliTracing } from './instrument';
import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { RUN_ID_PATTERN, loadCliConfig } from './cli.config';
import { CliContext, UsageError, describeFailure } from './cli-context';
import { inCommandSpan } from './command-span';
import { registerCatalogCommand } from './commands/catalog.command';
import { registerChainsCommand } from './commands/chains.command';
import { registerGraphCommand } from './commands/graph.command';
import { registerJobsCommand } from './commands/jobs.command';
import { registerSandboxCommand } from './commands/sandbox.command';
import { registerEnvCommand } from './commands/env.command';
import { registerRolloutsCommand } from './commands/rollouts.command';
import { registerTasksCommand } from './commands/tasks.command';
import { registerTrainCommand } from './commands/train.command';
import { registerTrajectoriesCommand } from './commands/trajectories.command';
import { registerTrainerGatewayCommand } from './commands/trainer-gateway.command';
// new-service:command-imports — npm run new-service adds lines above this one

/** The `astra` command. Each command group lives in commands/<group>.command.ts and is registered here. */
async function main(argv: string[]): Promise<void> {
  // The configuration is read on first use: a bad environment surfaces as a UsageError below (exit code 2).
  const ctx = new CliContext(() => loadCliConfig());
  const program = new Command('astra')
    .description('Astra: an automated factory for tool-using LLM agents')
    .option('--run-id <id>', 'run that the messages of this command belong to (default: ASTRA_RUN_ID, else a new id)', runId)
    .showHelpAfterError()
    .configureOutput({ writeErr: (text) => ctx.err.write(text) });

  registerCatalogCommand(program, ctx);
  registerGraphCommand(program, ctx);
  registerChainsCommand(program, ctx);
  registerSandboxCommand(program, ctx);
  registerEnvCommand(program, ctx);
  registerRolloutsCommand(program, ctx);
  registerTasksCommand(program, ctx);
  registerTrajectoriesCommand(program, ctx);
  registerTrainerGatewayCommand(program, ctx);
  registerTrainCommand(program, ctx);
  registerJobsCommand(program, ctx);
  // new-service:commands — npm run new-service adds lines above this one

  try {
    const startRun = () => ctx.startRun(program.opts<{ runId?: string }>().runId);
    await inCommandSpan(program, cliTracing.rootContext, startRun, () => program.parseAsync(argv));
  } catch (error) {
    ctx.err.write(`${describeFailure(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } finally {
    await ctx.close();
    // Spans are exported in a batch: send it before the process ends.
    await cliTracing.shutdown();
  }
}

function runId(value: string): string {
  if (!RUN_ID_PATTERN.test(value)) throw new InvalidArgumentError('must be 1 to 200 printable characters without spaces');
  return value;
}

void main(process.argv);
