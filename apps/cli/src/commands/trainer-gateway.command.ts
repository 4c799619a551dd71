import type { Command } from 'commander';
import type { TrainerGatewayJobReport } from '@astra/contracts';
import type { CliContext } from '../cli-context';
import type { JobFollower } from '../jobs/job-command';

/** trainer-gateway's jobs, followed by `trainer-gateway.job.status`. */
const TRAINER_GATEWAY_JOBS: JobFollower<TrainerGatewayJobReport> = {
  service: 'trainer-gateway',
  statusCommand: 'astra trainer-gateway status',
  status: (bus, jobId) => bus.request('trainer-gateway.job.status', { jobId }),
  unit: (report) => (report.kind === 'eval' ? 'episodes' : 'steps'),
};

/** A job report in words: its outcome when finished, its progress while it runs. */
export function renderTrainerGatewayReport(report: TrainerGatewayJobReport): string {
  const error = report.error ? `: ${report.error.code}: ${report.error.message}` : '';
  return `job ${report.jobId} (${report.kind ?? 'not started'}): ${report.status}, ${report.progress.done}/${report.progress.total}${error}`;
}

/** `astra trainer-gateway ...`: trainer-gateway's commands. */
export function registerTrainerGatewayCommand(program: Command, ctx: CliContext): void {
  const group = program.command('trainer-gateway').description('trainer-gateway (see the services table in README.md)');

  group
    .command('status')
    .description('progress or report of a trainer-gateway job')
    .argument('<jobId>')
    .option('--json', 'print JSON')
    .action(async (jobId: string, options: { json?: boolean }) => {
      const report = await TRAINER_GATEWAY_JOBS.status(await ctx.bus(), jobId);
      ctx.print(options.json ? JSON.stringify(report, null, 2) : renderTrainerGatewayReport(report));
    });
}
