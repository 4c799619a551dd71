import { randomUUID } from 'node:crypto';
import { type Command, Option } from 'commander';
import type { CliContext } from '../cli-context';
import { integer, numberIn, positiveInt } from '../command-arguments';
import { type JobOptions, jobOptions, runJob } from '../jobs/job-command';
import { collectPages } from '../output/pages';
import { type TaskGenerateOptions, taskRequestOf } from '../trajectories/task-request';
import { renderTask, renderTaskList, renderTaskReport } from '../trajectories/tasks-render';
import { trajectorySynthJobs } from '../trajectories/trajectory-synth-jobs';

const TASK_JOBS = trajectorySynthJobs('astra tasks status');
const score = numberIn(0, 1);
const augmentCount = numberIn(0, 8);

function sourceOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--from <source>', 'verified chains, servers alone, or compiled environments')
        .choices(['chains', 'servers', 'environments'])
        .makeOptionMandatory(),
    )
    .option('--servers <names...>', 'servers: the servers to draw tools from (chains: only these servers)')
    .option('--tools-per-task <n>', 'servers: tools a task should need (2 to 8, default 3)', positiveInt)
    .option('--env-job <jobId>', "environments: an env-compiler synthesis job's environments")
    .addOption(new Option('--split <split>', 'environments: only this side of the job split').choices(['train', 'held-out']))
    .option('--limit <n>', 'environments: only the first n', positiveInt);
}

function scoringOptions(command: Command): Command {
  return command
    .option('--diverse <n>', 'augment: variants in another domain with the same tools, per accepted task (llm)', augmentCount, 0)
    .option('--complicate <n>', 'augment: variants with added constraints, per accepted task (llm)', augmentCount, 0)
    .option('--persona <n>', "augment: variants in a persona's voice, per accepted task (llm)", augmentCount, 0)
    .option('--min-question-quality <x>', 'threshold 0..1 (default 0.5)', score)
    .option('--min-realism <x>', 'scenario realism threshold 0..1 (default 0.5)', score)
    .option('--min-necessity <x>', 'tool-use necessity threshold 0..1 (default 0.5)', score)
    .option('--min-difficulty <x>', 'tool-selection difficulty threshold 0..1 (default 0)', score)
    .option('--min-uniqueness <x>', 'uniqueness threshold 0..1 (default 0.25)', score);
}

function registerGenerate(group: Command, ctx: CliContext): void {
  const command = group
    .command('generate')
    .description('make tasks (llm: through the task model; template: from plans, no model), augment, score and filter them');
  jobOptions(
    scoringOptions(sourceOptions(command))
      .option('--count <n>', 'base tasks to make at most (augmented ones come on top)', positiveInt, 20)
      .addOption(
        new Option('--strategy <strategy>', 'auto: llm when the task role is configured, else template')
          .choices(['auto', 'llm', 'template'])
          .default('auto'),
      )
      .addOption(new Option('--language <language>', "language of the questions (default: the tools' own, detected)").choices(['en', 'zh']))
      .option('--seed <n>', 'random seed', integer, 0),
  ).action(async (o: TaskGenerateOptions & JobOptions) => {
    // The id is fixed here so that bad options are refused before anything connects or is queued.
    const jobId = o.jobId ?? randomUUID();
    const request = taskRequestOf(jobId, o);
    const report = await runJob(ctx, { ...o, jobId }, TASK_JOBS, (bus) =>
      bus.publish('trajectory-synth.tasks.requested', request, { id: `trajectory-synth-tasks-${jobId}` }),
    );
    ctx.print(o.json ? JSON.stringify(report, null, 2) : renderTaskReport(report));
  });
}

interface ListOptions {
  job?: string;
  accepted?: boolean;
  rejected?: boolean;
  limit: number;
  json?: boolean;
}

function registerQueries(group: Command, ctx: CliContext): void {
  group
    .command('ls')
    .description('tasks, newest first')
    .option('--job <jobId>', 'only tasks of this generation job')
    .addOption(new Option('--accepted', 'only accepted tasks').conflicts('rejected'))
    .addOption(new Option('--rejected', 'only rejected tasks (with the reason)').conflicts('accepted'))
    .option('--limit <n>', 'most tasks shown', positiveInt, 50)
    .option('--json', 'print JSON')
    .action(async (o: ListOptions) => {
      const bus = await ctx.bus();
      const filter = {
        ...(o.job ? { jobId: o.job } : {}),
        ...(o.accepted ? { accepted: true } : o.rejected ? { accepted: false } : {}),
      };
      const { items } = await collectPages(
        (cursor, limit) =>
          bus.request('trajectory-synth.task.list', { ...filter, ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) }),
        (page) => page.tasks,
        { max: o.limit },
      );
      ctx.print(o.json ? JSON.stringify(items, null, 2) : renderTaskList(items));
    });

  group
    .command('show')
    .description('one task: question, source, plan, scores, verdict')
    .argument('<id>', 'task id or a unique prefix of 6+ hex digits')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const { task } = await (await ctx.bus()).request('trajectory-synth.task.show', { id });
      ctx.print(o.json ? JSON.stringify(task, null, 2) : renderTask(task));
    });

  group
    .command('status')
    .description('progress or summary of a task-generation job')
    .argument('<jobId>')
    .option('--json', 'print JSON')
    .action(async (jobId: string, o: { json?: boolean }) => {
      const report = await TASK_JOBS.status(await ctx.bus(), jobId);
      ctx.print(o.json ? JSON.stringify(report, null, 2) : renderTaskReport(report));
    });
}

/** `astra tasks ...`: trajectory-synth's tasks, made from chains, servers or environments. */
export function registerTasksCommand(program: Command, ctx: CliContext): void {
  const group = program.command('tasks').description('tasks for SFT trajectories: generate, augment, score (trajectory-synth)');
  registerGenerate(group, ctx);
  registerQueries(group, ctx);
}
