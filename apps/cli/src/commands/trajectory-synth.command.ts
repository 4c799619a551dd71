import type { Command } from 'commander';
import type { TrajectorySynthJobReport } from '@astra/contracts';
import type { CliContext } from '../cli-context';
import type { JobFollower } from '../jobs/job-command';

/** trajectory-synth's jobs, followed by `trajectory-synth.job.status`. */
const TRAJECTORY_SYNTH_JOBS: JobFollower<TrajectorySynthJobReport> = {
  service: 'trajectory-synth',
  statusCommand: 'astra trajectory-synth status',
  status: (bus, jobId) => bus.request('trajectory-synth.job.status', { jobId }),
  unit: (report) => (report.kind === 'task-generation' ? 'tasks' : 'trajectories'),
};

/** A job report in words: its outcome when finished, its progress while it runs. */
export function renderTrajectorySynthReport(report: TrajectorySynthJobReport): string {
  const error = report.error ? `: ${report.error.code}: ${report.error.message}` : '';
  return `job ${report.jobId} (${report.kind ?? 'not started'}): ${report.status}, ${report.progress.done}/${report.progress.total}${error}`;
}

/** `astra trajectory-synth ...`: trajectory-synth's commands. */
export function registerTrajectorySynthCommand(program: Command, ctx: CliContext): void {
  const group = program.command('trajectory-synth').description('trajectory-synth (see the services table in README.md)');

  group
    .command('status')
    .description('progress or report of a trajectory-synth job')
    .argument('<jobId>')
    .option('--json', 'print JSON')
    .action(async (jobId: string, options: { json?: boolean }) => {
      const report = await TRAJECTORY_SYNTH_JOBS.status(await ctx.bus(), jobId);
      ctx.print(options.json ? JSON.stringify(report, null, 2) : renderTrajectorySynthReport(report));
    });
}
