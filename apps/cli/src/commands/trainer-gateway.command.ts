import type { Command } from 'commander';
import type { MessageBus } from '@astra/platform/bus';
import type { CliContext } from '../cli-context';
import { renderTrainerGatewayReport } from '../training/training-render';

/** `astra trainer-gateway ...`: the job status RPC as the service template made it (`astra jobs` is the fuller view). */
export function registerTrainerGatewayCommand(program: Command, ctx: CliContext): void {
  const group = program.command('trainer-gateway').description('trainer-gateway (see the services table in README.md)');

  group
    .command('status')
    .description('progress or report of a trainer-gateway job (astra jobs show: metrics, checkpoints, log)')
    .argument('<jobId>')
    .option('--json', 'print JSON')
    .action(async (jobId: string, options: { json?: boolean }) => {
      const bus: MessageBus = await ctx.bus();
      const report = await bus.request('trainer-gateway.job.status', { jobId });
      ctx.print(options.json ? JSON.stringify(report, null, 2) : renderTrainerGatewayReport(report));
    });
}
