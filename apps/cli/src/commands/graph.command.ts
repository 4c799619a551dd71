import { type Command, Option } from 'commander';
import type { BuiltGraph, GraphJobReport } from '@astra/contracts';
import type { CliContext } from '../cli-context';
import { collect, positiveInt } from '../command-arguments';
import { completeJobReport, runGraphJob } from '../graph/graph-job';
import { type JobOptions, jobOptions } from '../jobs/job-command';
import { renderTable } from '../output/table';

type Strategy = 'structural' | 'llm' | 'hybrid';

/** One row per server: what the build produced and whether it was new. */
export function renderBuiltGraphs(graphs: NonNullable<GraphJobReport['graphs']>): string {
  const outcome = (g: BuiltGraph) => (!g.stored ? 'not stored' : g.created ? 'new' : 'unchanged');
  const rows = graphs.map((g) => [
    g.server,
    g.version,
    g.strategy,
    g.edges,
    outcome(g),
    g.invalidAnswers,
    g.rejectedNames.join(',') || '-',
  ]);
  const created = graphs.filter((g) => g.created).length;
  const unstored = graphs.filter((g) => !g.stored).length;
  const note = unstored > 0 ? `, ${unstored} not stored (no usable model answer; building again asks again)` : '';
  return `${renderTable(['SERVER', 'VERSION', 'STRATEGY', 'EDGES', 'GRAPH', 'INVALID', 'REJECTED NAMES'], rows)}\n${graphs.length} graph(s), ${created} new${note}`;
}

/** A job report in words: its outcome when finished, its progress while it runs. */
export function renderJobReport(report: GraphJobReport): string {
  if (report.graphs) return renderBuiltGraphs(report.graphs);
  if (report.verification) {
    const { operator, verified, total, counts } = report.verification;
    return `${operator}: ${verified} chain(s) verified now; of ${total}: ${counts.accepted} accepted, ${counts.rejected} rejected, ${counts.unknown} unknown`;
  }
  const error = report.error ? `: ${report.error.code}: ${report.error.message}` : '';
  return `job ${report.jobId} (${report.kind ?? 'not started'}): ${report.status}, ${report.progress.done}/${report.progress.total}${error}`;
}

/** `astra graph ...`: build tool-call graphs, show them, follow a job. */
export function registerGraphCommand(program: Command, ctx: CliContext): void {
  const graph = program.command('graph').description('tool-call graphs: which tool can feed which');

  jobOptions(
    graph
      .command('build')
      .description('build the graph of each server (all servers unless named); an unchanged server keeps its graph')
      .option('--server <name>', 'a server to build (repeatable)', collect, [])
      .addOption(new Option('--strategy <strategy>', 'how edges are found').choices(['structural', 'llm', 'hybrid']).default('structural'))
      .option('--samples <n>', 'model answers per server (llm, hybrid)', positiveInt, 3),
  ).action(async (o: JobOptions & { server: string[]; strategy: Strategy; samples: number }) => {
    const request = { strategy: o.strategy, samples: o.samples, ...(o.server.length > 0 ? { servers: o.server } : {}) };
    const report = await runGraphJob(ctx, o, (bus, jobId) =>
      bus.publish('graph.build.requested', { jobId, ...request }, { id: `graph-build-${jobId}` }),
    );
    ctx.print(o.json ? JSON.stringify(report, null, 2) : renderJobReport(report));
  });

  graph
    .command('show')
    .description('the latest graph of a server')
    .argument('<server>')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'dot', 'mermaid', 'json']).default('text'))
    .addOption(new Option('--strategy <strategy>', 'the latest graph of this strategy').choices(['structural', 'llm', 'hybrid']))
    .action(async (server: string, options: { format: 'text' | 'dot' | 'mermaid' | 'json'; strategy?: Strategy }) => {
      const bus = await ctx.bus();
      const query = { server, format: options.format, ...(options.strategy ? { strategy: options.strategy } : {}) };
      // A large graph's text comes in pieces; each is written as it arrives.
      for (let cursor: string | undefined, first = true; first || cursor !== undefined; first = false) {
        const shown = await bus.request('graph.show', { ...query, ...(cursor ? { cursor } : {}) });
        ctx.out.write(shown.text);
        cursor = shown.nextCursor;
      }
      ctx.out.write('\n');
    });

  graph
    .command('status')
    .description('progress or report of a graph build or chain verification')
    .argument('<jobId>')
    .option('--json', 'print JSON')
    .action(async (jobId: string, options: { json?: boolean }) => {
      const bus = await ctx.bus();
      const report = await completeJobReport(bus, await bus.request('graph.job.status', { jobId }));
      ctx.print(options.json ? JSON.stringify(report, null, 2) : renderJobReport(report));
    });
}
