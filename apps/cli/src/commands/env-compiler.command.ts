import type { Command } from 'commander';
import type { EnvCompilerJobReport } from '@astra/contracts';
import type { CliContext } from '../cli-context';
import type { JobFollower } from '../jobs/job-command';

/** env-compiler's jobs, followed by `env-compiler.job.status`. */
const ENV_COMPILER_JOBS: JobFollower<EnvCompilerJobReport> = {
  service: 'env-compiler',
  statusCommand: 'astra env-compiler status',
  status: (bus, jobId) => bus.request('env-compiler.job.status', { jobId }),
  unit: () => 'units',
};

/** A job report in words: its outcome when finished, its progress while it runs. */
export function renderEnvCompilerReport(report: EnvCompilerJobReport): string {
  const error = report.error ? `: ${report.error.code}: ${report.error.message}` : '';
  return `job ${report.jobId} (${report.kind ?? 'not started'}): ${report.status}, ${report.progress.done}/${report.progress.total}${error}`;
}

/** `astra env-compiler ...`: env-compiler's commands. */
export function registerEnvCompilerCommand(program: Command, ctx: CliContext): void {
  const group = program.command('env-compiler').description('env-compiler (see the services table in README.md)');

  group
    .command('status')
    .description('progress or report of a env-compiler job')
    .argument('<jobId>')
    .option('--json', 'print JSON')
    .action(async (jobId: string, options: { json?: boolean }) => {
      const report = await ENV_COMPILER_JOBS.status(await ctx.bus(), jobId);
      ctx.print(options.json ? JSON.stringify(report, null, 2) : renderEnvCompilerReport(report));
    });
}
