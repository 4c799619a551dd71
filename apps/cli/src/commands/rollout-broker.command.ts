import type { Command } from 'commander';
import type { RolloutBrokerJobReport } from '@astra/contracts';
import type { CliContext } from '../cli-context';
import type { JobFollower } from '../jobs/job-command';

/** rollout-broker's jobs, followed by `rollout-broker.job.status`. */
const ROLLOUT_BROKER_JOBS: JobFollower<RolloutBrokerJobReport> = {
  service: 'rollout-broker',
  statusCommand: 'astra rollout-broker status',
  status: (bus, jobId) => bus.request('rollout-broker.job.status', { jobId }),
  unit: () => 'groups',
};

/** A job report in words: its outcome when finished, its progress while it runs. */
export function renderRolloutBrokerReport(report: RolloutBrokerJobReport): string {
  const error = report.error ? `: ${report.error.code}: ${report.error.message}` : '';
  return `job ${report.jobId} (${report.kind ?? 'not started'}): ${report.status}, ${report.progress.done}/${report.progress.total}${error}`;
}

/** `astra rollout-broker ...`: rollout-broker's commands. */
export function registerRolloutBrokerCommand(program: Command, ctx: CliContext): void {
  const group = program.command('rollout-broker').description('rollout-broker (see the services table in README.md)');

  group
    .command('status')
    .description('progress or report of a rollout-broker job')
    .argument('<jobId>')
    .option('--json', 'print JSON')
    .action(async (jobId: string, options: { json?: boolean }) => {
      const report = await ROLLOUT_BROKER_JOBS.status(await ctx.bus(), jobId);
      ctx.print(options.json ? JSON.stringify(report, null, 2) : renderRolloutBrokerReport(report));
    });
}
