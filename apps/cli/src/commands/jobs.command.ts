import { type Command, Option } from 'commander';
import type { TrainingBackend, TrainingKind, TrainingStatus } from '@astra/contracts';
import type { MessageBus } from '@astra/platform/bus';
import type { CliContext } from '../cli-context';
import { positiveInt } from '../command-arguments';
import { collectPages } from '../output/pages';
import { renderJobList, renderJobRecord } from '../training/jobs-render';
import { cancelTraining } from '../training/training-job';

interface ListOptions {
  kind?: TrainingKind;
  status?: TrainingStatus;
  backend?: TrainingBackend;
  limit: number;
  json?: boolean;
}

/** `astra jobs ...`: training jobs of trainer-gateway (list, show, cancel). */
export function registerJobsCommand(program: Command, ctx: CliContext): void {
  const group = program.command('jobs').description('training jobs: list, show with metrics and checkpoints, cancel (trainer-gateway)');

  group
    .command('ls')
    .description('training jobs, newest first')
    .addOption(new Option('--kind <kind>', 'only this kind').choices(['sft', 'grpo', 'eval']))
    .addOption(new Option('--status <status>', 'only this status').choices(['queued', 'running', 'completed', 'failed', 'cancelled']))
    .addOption(new Option('--backend <backend>', 'only this backend').choices(['local', 'kubernetes']))
    .option('--limit <n>', 'most jobs shown', positiveInt, 50)
    .option('--json', 'print JSON')
    .action(async (o: ListOptions) => {
      const bus: MessageBus = await ctx.bus();
      const filter = {
        ...(o.kind ? { kind: o.kind } : {}),
        ...(o.status ? { status: o.status } : {}),
        ...(o.backend ? { backend: o.backend } : {}),
      };
      const { items } = await collectPages(
        (cursor, limit) =>
          bus.request('trainer-gateway.job.list', { ...filter, ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) }),
        (page) => page.jobs,
        { max: o.limit },
      );
      ctx.print(o.json ? JSON.stringify(items, null, 2) : renderJobList(items));
    });

  group
    .command('show')
    .description('one training job: request, status, worker, metrics per step, checkpoints with lineage, evaluation, log tail')
    .argument('<jobId>')
    .option('--json', 'print JSON')
    .action(async (jobId: string, o: { json?: boolean }) => {
      const bus: MessageBus = await ctx.bus();
      const { job } = await bus.request('trainer-gateway.job.show', { jobId });
      ctx.print(o.json ? JSON.stringify(job, null, 2) : renderJobRecord(job));
    });

  group
    .command('cancel')
    .description('stop a training job: its worker is stopped (or its pods deleted); a finished job stays as it is')
    .argument('<jobId>')
    .option('--json', 'print JSON')
    .action((jobId: string, o: { json?: boolean }) => cancelTraining(ctx, jobId, o));
}
