import { randomUUID } from 'node:crypto';
import { type Command, Option } from 'commander';
import type { ExecutorKind, SftFormat } from '@astra/contracts';
import { exportStatistics } from '@astra/domain/trajectories';
import type { CliContext } from '../cli-context';
import { integer, numberIn, positiveInt } from '../command-arguments';
import { type JobOptions, jobOptions, runJob } from '../jobs/job-command';
import { collectPages } from '../output/pages';
import { writeExport } from '../trajectories/export-files';
import { renderExportStatistics, renderExportSummary } from '../trajectories/export-render';
import { acceptedRecords } from '../trajectories/accepted-records';
import { trajectorySynthJobs } from '../trajectories/trajectory-synth-jobs';
import {
  type AcceptanceOptions,
  type SynthesizeOptions,
  acceptanceOf,
  dimensionMinimum,
  trajectoryRequestOf,
} from '../trajectories/trajectory-request';
import { renderTrajectory, renderTrajectoryList, renderTrajectoryReport } from '../trajectories/trajectories-render';

const TRAJECTORY_JOBS = trajectorySynthJobs('astra trajectories status');
const rate = numberIn(0, 1);

function acceptanceOptions(command: Command): Command {
  return command
    .option('--min-mean <x>', 'acceptance: mean of the judge dimensions at least (default 0.7)', rate)
    .option('--min-dimension <x>', 'acceptance: every dimension at least (default 0.5)', rate)
    .option('--min <dimension=x>', 'acceptance: one dimension at least this (repeatable), e.g. final-answer=0.75', dimensionMinimum);
}

function registerSynthesize(group: Command, ctx: CliContext): void {
  const command = group
    .command('synthesize')
    .description('solve tasks with an agent against real, compiled or simulated tools, and judge every trajectory')
    .argument('[taskIds...]', 'task ids or unique prefixes (instead of --tasks-job)')
    .option('--tasks-job <jobId>', "a task-generation job's accepted tasks")
    .option('--limit <n>', 'only the first n tasks', positiveInt)
    .addOption(
      new Option('--agent <agent>', 'auto: a model when the agent role is configured, else the oracle')
        .choices(['auto', 'model', 'oracle'])
        .default('auto'),
    )
    .addOption(
      new Option('--executor <executor>', 'auto: compiled for environment tasks, mcp for chain and server tasks')
        .choices(['auto', 'mcp', 'compiled', 'simulated'])
        .default('auto'),
    )
    .option('--per-task <n>', 'trajectories per task', positiveInt, 1)
    .option('--max-model-calls <n>', 'model calls per trajectory at most', positiveInt, 20)
    .option('--time-limit <seconds>', 'wall-clock limit per trajectory', positiveInt, 300)
    .option('--detour-rate <x>', 'oracle: chance of a realistic detour per trajectory (default 0.2)', rate)
    .option('--failure-rate <x>', 'simulated tools: chance that a call fails on purpose (default 0.2)', rate)
    .option('--no-judge', 'store the trajectories unjudged')
    .option('--seed <n>', 'random seed (detours, injected failures)', integer, 0);
  jobOptions(acceptanceOptions(command)).action(async (ids: string[], o: SynthesizeOptions & JobOptions) => {
    const jobId = o.jobId ?? randomUUID();
    const request = trajectoryRequestOf(jobId, ids, o);
    const report = await runJob(ctx, { ...o, jobId }, TRAJECTORY_JOBS, (bus) =>
      bus.publish('trajectory-synth.trajectories.requested', request, { id: `trajectory-synth-trajectories-${jobId}` }),
    );
    ctx.print(o.json ? JSON.stringify(report, null, 2) : renderTrajectoryReport(report));
  });
}

function registerJudge(group: Command, ctx: CliContext): void {
  const command = group
    .command('judge')
    .description("judge a synthesis job's trajectories again (rule checks, then the judge model when one is configured)")
    .argument('<trajectoryJobId>', 'the synthesis job whose trajectories to judge');
  jobOptions(acceptanceOptions(command)).action(async (trajectoryJobId: string, o: AcceptanceOptions & JobOptions) => {
    const jobId = o.jobId ?? randomUUID();
    const payload = { jobId, trajectoryJobId, acceptance: acceptanceOf(o) };
    const report = await runJob(ctx, { ...o, jobId }, TRAJECTORY_JOBS, (bus) =>
      bus.publish('trajectory-synth.judging.requested', payload, { id: `trajectory-synth-judging-${jobId}` }),
    );
    ctx.print(o.json ? JSON.stringify(report, null, 2) : renderTrajectoryReport(report));
  });
}

interface ListOptions {
  job?: string;
  verdict?: 'accepted' | 'rejected' | 'unjudged';
  executor?: ExecutorKind;
  limit: number;
  json?: boolean;
}

function registerQueries(group: Command, ctx: CliContext): void {
  group
    .command('ls')
    .description('trajectories, newest first')
    .option('--job <jobId>', 'only trajectories of this synthesis job')
    .addOption(new Option('--verdict <verdict>', 'only this verdict').choices(['accepted', 'rejected', 'unjudged']))
    .addOption(new Option('--executor <executor>', 'only this executor').choices(['mcp', 'compiled', 'simulated']))
    .option('--limit <n>', 'most trajectories shown', positiveInt, 50)
    .option('--json', 'print JSON')
    .action(async (o: ListOptions) => {
      const bus = await ctx.bus();
      const filter = {
        ...(o.job ? { jobId: o.job } : {}),
        ...(o.verdict ? { verdict: o.verdict } : {}),
        ...(o.executor ? { executor: o.executor } : {}),
      };
      const { items } = await collectPages(
        (cursor, limit) =>
          bus.request('trajectory-synth.trajectory.list', { ...filter, ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) }),
        (page) => page.trajectories,
        { max: o.limit },
      );
      ctx.print(o.json ? JSON.stringify(items, null, 2) : renderTrajectoryList(items));
    });

  group
    .command('show')
    .description('one trajectory: question, each turn with reasoning, calls and results, then rule checks, scores and verdict')
    .argument('<id>', 'trajectory id or a unique prefix of 6+ hex digits')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const { trajectory } = await (await ctx.bus()).request('trajectory-synth.trajectory.show', { id });
      ctx.print(o.json ? JSON.stringify(trajectory, null, 2) : renderTrajectory(trajectory));
    });

  group
    .command('status')
    .description('progress or summary of a synthesis or judging job')
    .argument('<jobId>')
    .option('--json', 'print JSON')
    .action(async (jobId: string, o: { json?: boolean }) => {
      const report = await TRAJECTORY_JOBS.status(await ctx.bus(), jobId);
      ctx.print(o.json ? JSON.stringify(report, null, 2) : renderTrajectoryReport(report));
    });
}

function registerExport(group: Command, ctx: CliContext): void {
  group
    .command('export')
    .description("a job's accepted trajectories as SFT JSONL: <out>.train.jsonl and <out>.validation.jsonl, with statistics")
    .requiredOption('--job <jobId>', 'the synthesis job')
    .addOption(
      new Option('--format <format>', 'openai (messages + tools), astra (trajectory layout), sharegpt (LLaMA-Factory), trl')
        .choices(['openai', 'astra', 'sharegpt', 'trl'])
        .default('openai'),
    )
    .requiredOption('--out <file>', 'path prefix of the two files')
    .option('--validation <fraction>', 'share of tasks in the validation split', numberIn(0, 0.5), 0.1)
    .action(async (o: { job: string; format: SftFormat; out: string; validation: number }) => {
      const bus = await ctx.bus();
      const request = { jobId: o.job, format: o.format, validationFraction: o.validation };
      const { items } = await collectPages(
        (cursor, limit) =>
          bus.request('trajectory-synth.trajectory.export', { ...request, ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) }),
        (page) => page.records,
      );
      const paths = writeExport(o.out, items);
      ctx.print(renderExportSummary(o.format, items, paths));
      if (items.length > 0) ctx.print(renderExportStatistics(exportStatistics(await acceptedRecords(bus, o.job))));
    });
}

/** `astra trajectories ...`: trajectory-synth's trajectories: synthesis, judging, listing and SFT export. */
export function registerTrajectoriesCommand(program: Command, ctx: CliContext): void {
  const group = program
    .command('trajectories')
    .description('SFT trajectories: agents solve tasks against tools, judges accept or reject, export (trajectory-synth)');
  registerSynthesize(group, ctx);
  registerJudge(group, ctx);
  registerQueries(group, ctx);
  registerExport(group, ctx);
}
