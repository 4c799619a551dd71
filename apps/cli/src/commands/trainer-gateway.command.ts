import type { Command } from 'commander';
import type { TrainerGatewayJobReport } from '@astra/contracts';
import type { MessageBus } from '@astra/platform/bus';
import type { CliContext } from '../cli-context';
import { headline } from '../training/training-render';

/** A job report in words: its outcome when finished, its progress while it runs (`astra jobs show` has the whole job). */
export function renderTrainerGatewayReport(report: TrainerGatewayJobReport): string {
  const error = report.error ? `: ${report.error.code}: ${report.error.message}` : '';
  const t = report.training;
  // The training job's own status says more than the delivery's (cancelled, queued).
  const figure = t ? headline(t.last) : '-';
  const where = t
    ? `${t.status}, step ${t.step}/${t.totalSteps}${figure === '-' ? '' : `, ${figure}`}`
    : `${report.status}, ${report.progress.done}/${report.progress.total}`;
  const checkpoint = report.checkpointId ? `, checkpoint ${report.checkpointId}` : '';
  return `job ${report.jobId} (${report.kind ?? 'not started'}): ${where}${checkpoint}${error}`;
}

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
