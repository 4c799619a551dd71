import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { type EpisodeStatus, type RewardKind, type RolloutBrokerJobReport, rolloutBatchMessageId } from '@astra/contracts';
import type { NatsBus } from '@astra/platform/bus';
import { type CliContext, UsageError } from '../cli-context';
import { integer, numberIn, positiveInt } from '../command-arguments';
import { type JobFollower, type JobOptions, jobOptions, runJob } from '../jobs/job-command';
import { collectPages } from '../output/pages';
import { type RolloutRunOptions, rolloutRequestOf } from '../rollouts/rollout-request';
import { batchJsonLines, renderBatchReport, renderEpisode, renderEpisodeList, renderRescores } from '../rollouts/rollouts-render';

/** rollout-broker's jobs, followed by `rollout-broker.job.status`. */
const ROLLOUT_JOBS: JobFollower<RolloutBrokerJobReport> = {
  service: 'rollout-broker',
  statusCommand: 'astra rollouts status',
  status: (bus, jobId) => bus.request('rollout-broker.job.status', { jobId }),
  unit: () => 'valid groups',
};

const FULL_ENVIRONMENT_ID = /^[0-9a-f]{64}$/;
const rewardOption = () =>
  new Option('--reward <kind>', 'f1 of solved sub-tasks over calls, or one of its halves')
    .choices(['f1', 'recall', 'precision'])
    .default('f1');

/** Full environment ids: a shorter one (as `astra env ls` prints) is looked up in env-compiler by prefix. */
async function environmentIds(bus: NatsBus, ids: readonly string[] | undefined): Promise<string[] | undefined> {
  if (!ids) return undefined;
  return Promise.all(
    ids.map(async (id) =>
      FULL_ENVIRONMENT_ID.test(id) ? id : (await bus.request('env-compiler.environment.show', { id })).environment.id,
    ),
  );
}

function registerRun(group: Command, ctx: CliContext): void {
  jobOptions(
    group
      .command('run')
      .description('run GRPO groups of episodes until batch-size groups have reward spread, and summarise them')
      .option('--env <ids...>', 'environment ids (or unique prefixes of 6+ hex digits)')
      .option('--env-job <jobId>', "an env-compiler synthesis job's environments")
      .addOption(new Option('--split <split>', 'only this side of the job split (with --env-job)').choices(['train', 'held-out']))
      .option('--limit <n>', 'only the first n environments of the set', positiveInt)
      .option('--policy <oracle|baseUrl>', 'oracle (no model) or the base URL of an OpenAI-compatible endpoint', 'oracle')
      .option('--model <model>', 'model name at the endpoint')
      .option('--policy-version <version>', 'version the episodes and groups carry (default: oracle, or the model)')
      .option('--noise <x>', 'oracle: chance that a step goes wrong (default 0.3)', numberIn(0, 1))
      .option('--temperature <t>', 'endpoint: sampling temperature', numberIn(0, 2))
      .option('--no-logprobs', "endpoint: don't ask for log-probabilities and token ids (for servers that refuse the fields)")
      .option('-G, --group-size <n>', 'episodes per group', positiveInt, 8)
      .requiredOption('-n, --batch-size <n>', 'valid groups to hand over', positiveInt)
      .option('--delta <std>', 'a group is valid when its reward std exceeds this', numberIn(0, 1), 0)
      .option('--max-groups <n>', 'groups to generate at most (default 8 × batch size)', positiveInt)
      .addOption(rewardOption())
      .option('--max-turns <n>', 'policy turns per episode at most', positiveInt, 32)
      .option('--max-calls-per-turn <n>', 'tool calls one turn may run (the rest are error observations)', positiveInt, 32)
      .option('--distractors-per-band <n>', 'distractor tools offered per similarity band', integer, 1)
      .option('--seed <n>', 'random seed (environment order, distractors, oracle errors)', integer, 0)
      .option('--no-buffer', "don't take valid groups left over by earlier batches"),
  ).action(async (o: RolloutRunOptions & JobOptions) => {
    // The id is fixed here so that bad options are refused before anything connects or is queued.
    const jobId = o.jobId ?? randomUUID();
    const request = rolloutRequestOf(jobId, o);
    const bus = await ctx.bus();
    const ids = await environmentIds(bus, o.env);
    const environments = ids ? { ...request.environments, ids } : request.environments;
    const report = await runJob(ctx, { ...o, jobId }, ROLLOUT_JOBS, (b) =>
      b.publish('rollout-broker.batch.requested', { ...request, environments }, { id: rolloutBatchMessageId(jobId) }),
    );
    ctx.print(o.json ? JSON.stringify(report, null, 2) : renderBatchReport(report));
  });
}

interface ListOptions {
  job?: string;
  env?: string;
  policyVersion?: string;
  status?: EpisodeStatus;
  limit: number;
  json?: boolean;
}

function registerQueries(group: Command, ctx: CliContext): void {
  group
    .command('ls')
    .description('stored episodes, newest first')
    .option('--job <jobId>', 'only episodes of this batch job')
    .option('--env <environmentId>', 'only episodes of this environment')
    .option('--policy-version <version>', 'only episodes of this policy version')
    .addOption(new Option('--status <status>', 'only this status').choices(['completed', 'failed-infrastructure']))
    .option('--limit <n>', 'most episodes shown', positiveInt, 50)
    .option('--json', 'print JSON')
    .action(async (o: ListOptions) => {
      const bus = await ctx.bus();
      const filter = {
        ...(o.job ? { jobId: o.job } : {}),
        ...(o.env ? { environmentId: o.env } : {}),
        ...(o.policyVersion ? { policyVersion: o.policyVersion } : {}),
        ...(o.status ? { status: o.status } : {}),
      };
      const { items } = await collectPages(
        (cursor, limit) =>
          bus.request('rollout-broker.episode.list', { ...filter, ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) }),
        (page) => page.episodes,
        { max: o.limit },
      );
      ctx.print(o.json ? JSON.stringify(items, null, 2) : renderEpisodeList(items));
    });

  group
    .command('show')
    .description('one episode: environment, policy, each turn with its calls and observations, the reward breakdown')
    .argument('<episodeId>', 'episode id or a unique prefix of 6+ hex digits')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const { episode } = await (await ctx.bus()).request('rollout-broker.episode.show', { id });
      ctx.print(o.json ? JSON.stringify(episode, null, 2) : renderEpisode(episode));
    });

  group
    .command('status')
    .description('progress or summary of a batch job')
    .argument('<jobId>')
    .option('--json', 'print JSON')
    .action(async (jobId: string, o: { json?: boolean }) => {
      const report = await ROLLOUT_JOBS.status(await ctx.bus(), jobId);
      ctx.print(o.json ? JSON.stringify(report, null, 2) : renderBatchReport(report));
    });
}

function registerRescore(group: Command, ctx: CliContext): void {
  group
    .command('rescore')
    .description('score stored episodes again without the policy (another reward kind, or after a rule change)')
    .argument('[ids...]', 'episode ids or unique prefixes')
    .option('--job <jobId>', 'every episode of this batch job instead of ids')
    .addOption(rewardOption())
    .option('--replay', 're-run the calls in fresh sandbox sessions first')
    .option('--store', 'store the new rewards in place of the old ones')
    .option('--json', 'print JSON')
    .action(async (ids: string[], o: { job?: string; reward: RewardKind; replay?: boolean; store?: boolean; json?: boolean }) => {
      if (ids.length > 0 === (o.job !== undefined)) throw new UsageError('name the episodes: --job <jobId> or episode ids');
      const bus = await ctx.bus();
      const selection = o.job !== undefined ? { jobId: o.job } : { ids };
      const request = { selection, reward: o.reward, replay: o.replay === true, store: o.store === true };
      const { items } = await collectPages(
        (cursor, limit) =>
          bus.request('rollout-broker.episode.rescore', { ...request, ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) }),
        (page) => page.rescored,
      );
      ctx.print(o.json ? JSON.stringify(items, null, 2) : renderRescores(items));
    });
}

function registerBatch(group: Command, ctx: CliContext): void {
  group
    .command('batch')
    .description("a finished batch's handed groups for trainers: one JSON line per episode (whole episode and its groupId)")
    .argument('<jobId>')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (jobId: string, o: { out?: string }) => {
      const bus = await ctx.bus();
      const { items } = await collectPages(
        (cursor, limit) =>
          bus.request('rollout-broker.batch.groups', { jobId, ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) }),
        (page) => page.groups,
      );
      const text = batchJsonLines(items);
      if (!o.out) return void ctx.out.write(text);
      writeFileSync(o.out, text);
      const episodes = items.reduce((n, g) => n + g.episodes.length, 0);
      ctx.err.write(`${episodes} episode(s) of ${items.length} group(s) written to ${o.out}\n`);
    });
}

/** `astra rollouts ...`: rollout-broker's GRPO batches and stored episodes. */
export function registerRolloutsCommand(program: Command, ctx: CliContext): void {
  const group = program
    .command('rollouts')
    .description('GRPO rollout batches of multi-turn episodes, scored by the trajectory F1 reward (rollout-broker)');
  registerRun(group, ctx);
  registerQueries(group, ctx);
  registerRescore(group, ctx);
  registerBatch(group, ctx);
}
