import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Registry, ResponseOf } from '@astra/contracts';
import type { CliContext } from '../cli-context';
import { renderTable } from '../output/table';

const collect = (value: string, previous: string[]) => [...previous, value];

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('must be a positive integer');
  return parsed;
}

/** One row per server: what the build produced and whether it was new. */
export function renderBuiltGraphs(result: ResponseOf<Registry, 'graph.build'>): string {
  const rows = result.graphs.map((g) => [g.server, g.version, g.strategy, g.edges, g.created ? 'new' : 'unchanged', g.invalidAnswers, g.rejectedNames.join(',') || '-']);
  const created = result.graphs.filter((g) => g.created).length;
  return `${renderTable(['SERVER', 'VERSION', 'STRATEGY', 'EDGES', 'GRAPH', 'INVALID', 'REJECTED NAMES'], rows)}\n${result.graphs.length} graph(s), ${created} new`;
}

/** `astra graph ...`: build tool-call graphs and show them. */
export function registerGraphCommand(program: Command, ctx: CliContext): void {
  const graph = program.command('graph').description('tool-call graphs: which tool can feed which');

  graph
    .command('build')
    .description('build the graph of each server (all servers unless named); an unchanged server keeps its graph')
    .option('--server <name>', 'a server to build (repeatable)', collect, [])
    .addOption(new Option('--strategy <strategy>', 'how edges are found').choices(['structural', 'llm', 'hybrid']).default('structural'))
    .option('--samples <n>', 'model proposals per server (llm, hybrid)', positiveInt, 3)
    .option('--json', 'print JSON')
    .action(async (options: { server: string[]; strategy: 'structural' | 'llm' | 'hybrid'; samples: number; json?: boolean }) => {
      const payload = { strategy: options.strategy, samples: options.samples, ...(options.server.length > 0 ? { servers: options.server } : {}) };
      const result = await (await ctx.bus()).request('graph.build', payload);
      ctx.print(options.json ? JSON.stringify(result, null, 2) : renderBuiltGraphs(result));
    });

  graph
    .command('show')
    .description('the latest graph of a server')
    .argument('<server>')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'dot', 'mermaid', 'json']).default('text'))
    .addOption(new Option('--strategy <strategy>', 'the latest graph of this strategy').choices(['structural', 'llm', 'hybrid']))
    .action(async (server: string, options: { format: 'text' | 'dot' | 'mermaid' | 'json'; strategy?: 'structural' | 'llm' | 'hybrid' }) => {
      const shown = await (await ctx.bus()).request('graph.show', { server, format: options.format, ...(options.strategy ? { strategy: options.strategy } : {}) });
      ctx.print(shown.text);
    });
}
