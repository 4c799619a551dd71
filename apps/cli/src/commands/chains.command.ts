import { type Command, Option } from 'commander';
import type { Registry, ResponseOf } from '@astra/contracts';
import type { CliContext } from '../cli-context';
import { collect, integer, positiveInt } from '../command-arguments';
import { runGraphJob } from '../graph/graph-job';
import { type JobOptions, jobOptions } from '../jobs/job-command';
import { collectPages } from '../output/pages';
import { renderTable } from '../output/table';
import { renderJobReport } from './graph.command';

type Strategy = 'structural' | 'llm' | 'hybrid';
type Status = 'accepted' | 'rejected' | 'unknown';

const servers = (names: string[]) => (names.length > 0 ? { servers: names } : {});

export function renderSampled(result: ResponseOf<Registry, 'chains.sample'>): string {
  const rows = result.servers.map((s) => [s.server, s.version, s.strategy, s.sampled, s.created]);
  const more = result.serversTotal > result.servers.length ? `\n(and ${result.serversTotal - result.servers.length} more server(s))` : '';
  return `${renderTable(['SERVER', 'VERSION', 'GRAPH', 'SAMPLED', 'NEW'], rows)}${more}\n${result.sampled} chain(s) sampled, ${result.created} new`;
}

export function renderChains(result: Pick<ResponseOf<Registry, 'chains.list'>, 'chains'>): string {
  const rows = result.chains.map((c) => [
    c.server,
    c.verdicts.map((v) => `${v.operator}:${v.status}`).join(' ') || '-',
    c.tools.join(' -> '),
  ]);
  return `${renderTable(['SERVER', 'VERDICTS', 'CHAIN'], rows)}\n${result.chains.length} chain(s)`;
}

/** `astra chains ...`: sample tool chains from the graphs, verify them, list them. */
export function registerChainsCommand(program: Command, ctx: CliContext): void {
  const chains = program.command('chains').description('tool chains: sampled from graphs, verified by operators');

  chains
    .command('sample')
    .description('sample chains from the latest graphs (seeded: the same seed gives the same chains)')
    .option('--server <name>', 'a server to sample (repeatable; all with a graph by default)', collect, [])
    .addOption(new Option('--strategy <strategy>', 'sample the latest graph of this strategy').choices(['structural', 'llm', 'hybrid']))
    .option('--min <n>', 'fewest tools in a chain', positiveInt, 2)
    .option('--max <n>', 'most tools in a chain', positiveInt, 5)
    .option('--per-server <n>', 'chains per server', positiveInt, 50)
    .option('--seed <n>', 'random seed', integer, 1)
    .addOption(new Option('--mode <mode>', 'weighted random walks or every simple path').choices(['walk', 'exhaustive']).default('walk'))
    .option('--allow-cycles', 'let a walk call a tool again (acyclic by default)')
    .option('--json', 'print JSON')
    .action(
      async (o: {
        server: string[];
        strategy?: Strategy;
        min: number;
        max: number;
        perServer: number;
        seed: number;
        mode: 'walk' | 'exhaustive';
        allowCycles?: boolean;
        json?: boolean;
      }) => {
        const payload = {
          ...servers(o.server),
          ...(o.strategy ? { strategy: o.strategy } : {}),
          minLength: o.min,
          maxLength: o.max,
          perServer: o.perServer,
          seed: o.seed,
          mode: o.mode,
          allowCycles: o.allowCycles === true,
        };
        const result = await (await ctx.bus()).request('chains.sample', payload);
        ctx.print(o.json ? JSON.stringify(result, null, 2) : renderSampled(result));
      },
    );

  jobOptions(
    chains
      .command('verify')
      .description('verify the chains that have no verdict of the operator yet (unknown is never accepted)')
      .option('--server <name>', 'only chains of this server (repeatable)', collect, [])
      .addOption(
        new Option('--operator <operator>', 'provenance (no model), vote or backtranslation (LLM)')
          .choices(['provenance', 'vote', 'backtranslation'])
          .default('provenance'),
      )
      .option('--samples <n>', 'judges per chain (vote)', positiveInt, 3),
  ).action(async (o: JobOptions & { server: string[]; operator: 'provenance' | 'vote' | 'backtranslation'; samples: number }) => {
    const request = { ...servers(o.server), operator: o.operator, samples: o.samples };
    const report = await runGraphJob(ctx, o, (bus, jobId) =>
      bus.publish('chains.verify.requested', { jobId, ...request }, { id: `chains-verify-${jobId}` }),
    );
    ctx.print(o.json ? JSON.stringify(report, null, 2) : renderJobReport(report));
  });

  chains
    .command('ls')
    .description('stored chains with their verdicts')
    .option('--server <name>', 'only this server')
    .addOption(new Option('--status <status>', 'only chains with a verdict of this status').choices(['accepted', 'rejected', 'unknown']))
    .option('--limit <n>', 'at most this many chains (fetched page by page)', positiveInt, 1000)
    .option('--json', 'print JSON')
    .action(async (o: { server?: string; status?: Status; limit: number; json?: boolean }) => {
      const bus = await ctx.bus();
      const filter = { ...(o.server ? { server: o.server } : {}), ...(o.status ? { status: o.status } : {}) };
      const fetch = (cursor: string | undefined, limit: number | undefined) =>
        bus.request('chains.list', { ...filter, ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) });
      const { items } = await collectPages(fetch, (page) => page.chains, { max: o.limit, pageSize: 1000 });
      const result = { chains: items };
      ctx.print(o.json ? JSON.stringify(result, null, 2) : renderChains(result));
    });
}
