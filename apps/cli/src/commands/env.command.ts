import { readFileSync, writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type { EnvCompilerJobReport, EnvSplit, Registry, ResponseOf, ScenarioType } from '@astra/contracts';
import { readKnowledgeInputs, toAstraRecord, toEnvironmentJsonl } from '@astra/domain/environments';
import { type CliContext, UsageError } from '../cli-context';
import { collect, integer, positiveInt } from '../command-arguments';
import { renderEnvironment, renderEnvironments, renderSynthesis, renderVerification } from '../env/env-render';
import { type JobFollower, type JobOptions, jobOptions, runJob } from '../jobs/job-command';
import { collectPages } from '../output/pages';

/** env-compiler's jobs, followed by `env-compiler.job.status`. */
const ENV_JOBS: JobFollower<EnvCompilerJobReport> = {
  service: 'env-compiler',
  statusCommand: 'astra env status',
  status: (bus, jobId) => bus.request('env-compiler.job.status', { jobId }),
  unit: () => 'environments',
};

interface SynthesizeOptions extends JobOptions {
  strategy: 'auto' | 'kb' | 'llm';
  count: number;
  minHops: number;
  maxHops: number;
  seed: number;
  language: 'en' | 'zh';
  input: string[];
  domain: string[];
  splitBy?: 'domain' | 'template' | 'entity';
  heldOut: number;
  distractors: boolean;
}

interface ListFilterOptions {
  job?: string;
  domain?: string;
  scenario?: ScenarioType;
  split?: EnvSplit;
}

const filterOf = (o: ListFilterOptions) => ({
  ...(o.job ? { jobId: o.job } : {}),
  ...(o.domain ? { domain: o.domain } : {}),
  ...(o.scenario ? { scenarioType: o.scenario } : {}),
  ...(o.split ? { split: o.split } : {}),
});

function fraction(value: string): number {
  const parsed = Number(value);
  if (!(parsed >= 0 && parsed <= 0.5)) throw new UsageError('--held-out must be a number from 0 to 0.5');
  return parsed;
}

/** The request's knowledge inputs from ASTRA's files (domains.jsonl, questions.jsonl, context files, taxonomy JSON). */
function knowledgeOf(o: SynthesizeOptions): {
  domains?: { domain: string; knowledgeCorpus?: string }[];
  questions?: { question: string; domain: string }[];
} {
  const files = o.input.map((name) => ({ name, text: readFileSync(name, 'utf8') }));
  const read = files.length > 0 ? readKnowledgeInputs(files) : { domains: [], questions: [] };
  const domains = [...read.domains, ...o.domain.map((domain) => ({ domain }))];
  return { ...(domains.length > 0 ? { domains } : {}), ...(read.questions.length > 0 ? { questions: read.questions } : {}) };
}

function registerSynthesize(env: Command, ctx: CliContext): void {
  jobOptions(
    env
      .command('synthesize')
      .description(
        'make environments (kb: from knowledge data, no model; llm: the paper pipeline), check every tool, publish those that pass',
      )
      .addOption(
        new Option('--strategy <strategy>', 'auto: llm when a model is configured, else kb').choices(['auto', 'kb', 'llm']).default('auto'),
      )
      .option('--count <n>', 'environments to make (units; failed units publish nothing)', positiveInt, 20)
      .option('--min-hops <n>', 'fewest hops in a question', positiveInt, 1)
      .option('--max-hops <n>', 'most hops in a question', positiveInt, 4)
      .option('--seed <n>', 'random seed (the same seed makes the same kb environments)', integer, 0)
      .addOption(new Option('--language <language>', 'language of the questions').choices(['en', 'zh']).default('en'))
      .option(
        '--input <file>',
        'ASTRA knowledge file: domains.jsonl, questions.jsonl, a context file or a taxonomy (repeatable)',
        collect,
        [],
      )
      .option('--domain <name>', 'a domain to draw from (kb: geography, aviation, chemistry; repeatable)', collect, [])
      .addOption(
        new Option('--split-by <key>', 'hold out environments by domain, template or entity').choices(['domain', 'template', 'entity']),
      )
      .option('--held-out <fraction>', 'share of domains, templates or entities held out (with --split-by)', fraction, 0.2)
      .option('--no-distractors', 'skip distractor pools'),
  ).action(async (o: SynthesizeOptions) => {
    if (o.minHops > o.maxHops) throw new UsageError('--min-hops must not exceed --max-hops');
    const payload = {
      strategy: o.strategy,
      count: o.count,
      hops: { min: o.minHops, max: o.maxHops },
      seed: o.seed,
      language: o.language,
      ...knowledgeOf(o),
      ...(o.splitBy ? { split: { by: o.splitBy, heldOutFraction: o.heldOut } } : {}),
      distractors: o.distractors,
    };
    const report = await runJob(ctx, o, ENV_JOBS, (bus, jobId) =>
      bus.publish('env-compiler.synthesis.requested', { jobId, ...payload }, { id: `env-synthesis-${jobId}` }),
    );
    ctx.print(o.json ? JSON.stringify(report, null, 2) : renderSynthesis(report));
  });
}

function listOptions(command: Command): Command {
  return command
    .option('--job <jobId>', 'only environments made by this synthesis job (with their split)')
    .option('--domain <domain>', 'only this domain')
    .addOption(
      new Option('--scenario <type>', 'only this scenario type').choices([
        'single-hop',
        'parallel-single-hop',
        'multi-hop',
        'parallel-multi-hop',
      ]),
    )
    .addOption(new Option('--split <split>', 'only this side of the job split (with --job)').choices(['train', 'held-out']));
}

function registerQueries(env: Command, ctx: CliContext): void {
  listOptions(env.command('ls').description('published environments, newest first (unit order with --job)'))
    .option('--limit <n>', 'most environments shown', positiveInt, 50)
    .option('--json', 'print JSON')
    .action(async (o: ListFilterOptions & { limit: number; json?: boolean }) => {
      const bus = await ctx.bus();
      const { items } = await collectPages(
        (cursor, limit) =>
          bus.request('env-compiler.environment.list', { ...filterOf(o), ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) }),
        (page) => page.environments,
        { max: o.limit },
      );
      ctx.print(o.json ? JSON.stringify(items, null, 2) : renderEnvironments(items));
    });

  env
    .command('show')
    .description('one environment: question, sub-task DAG, tools, check results, distractor pools')
    .argument('<id>', 'environment id or a unique prefix of 6+ hex digits')
    .option('--code', 'print the code of each tool')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { code?: boolean; json?: boolean }) => {
      const { environment } = await (await ctx.bus()).request('env-compiler.environment.show', { id });
      ctx.print(o.json ? JSON.stringify(environment, null, 2) : renderEnvironment(environment, o.code === true));
    });

  env
    .command('test')
    .description("re-run every check of an environment's tools in the verifier's sandbox (exit 1 when one fails)")
    .argument('<id>', 'environment id or a unique prefix')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const result = await (await ctx.bus()).request('env-compiler.environment.test', { id });
      ctx.print(o.json ? JSON.stringify(result, null, 2) : renderVerification(result));
      if (!result.verification.passed) process.exitCode = 1;
    });
}

type Exported = ResponseOf<Registry, 'env-compiler.environment.export'>['environments'][number];

function exportLines(items: readonly Exported[], format: 'astra' | 'jsonl'): string {
  if (format === 'jsonl') return toEnvironmentJsonl(items);
  return items.map(({ split, ...record }) => `${JSON.stringify(toAstraRecord(record, split))}\n`).join('');
}

function registerExport(env: Command, ctx: CliContext): void {
  listOptions(
    env
      .command('export')
      .description('published environments as JSONL: our record, or the ASTRA RL layout (tool_schema, tool_dict, sub_qa_dict)'),
  )
    .addOption(
      new Option('--format <format>', 'jsonl: the environment record; astra: the ASTRA RL layout')
        .choices(['jsonl', 'astra'])
        .default('jsonl'),
    )
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (o: ListFilterOptions & { format: 'astra' | 'jsonl'; out?: string }) => {
      const bus = await ctx.bus();
      const { items } = await collectPages(
        (cursor, limit) =>
          bus.request('env-compiler.environment.export', { ...filterOf(o), ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) }),
        (page) => page.environments,
        { pageSize: 200 },
      );
      const text = exportLines(items, o.format);
      if (o.out) {
        writeFileSync(o.out, text);
        ctx.err.write(`${items.length} environment(s) written to ${o.out}\n`);
      } else ctx.out.write(text);
    });
}

/** `astra env ...`: env-compiler's environments. */
export function registerEnvCommand(program: Command, ctx: CliContext): void {
  const env = program.command('env').description('RL environments: synthesized, checked in the sandbox, exported (env-compiler)');
  registerSynthesize(env, ctx);
  registerQueries(env, ctx);
  registerExport(env, ctx);
  env
    .command('status')
    .description('progress or report of a synthesis job')
    .argument('<jobId>')
    .option('--json', 'print JSON')
    .action(async (jobId: string, options: { json?: boolean }) => {
      const report = await ENV_JOBS.status(await ctx.bus(), jobId);
      ctx.print(options.json ? JSON.stringify(report, null, 2) : renderSynthesis(report));
    });
}
