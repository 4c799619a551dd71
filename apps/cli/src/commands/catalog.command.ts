import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { nothingImported, renderImportReport, renderServer, renderServerList } from '../catalog/catalog-render';
import { parseSources, toCatalogSources } from '../catalog/catalog-sources';
import { completeImportReport, watchImport } from '../catalog/import-progress';
import type { CliContext } from '../cli-context';
import { collect, positiveInt } from '../command-arguments';
import { collectPages } from '../output/pages';

interface ImportOptions {
  mcpStdio: string[];
  mcpHttp: string[];
  importId?: string;
  server?: string;
  timeout: number;
  json?: boolean;
}

async function importCatalog(ctx: CliContext, positional: string[], options: ImportOptions): Promise<void> {
  const specs = parseSources({ positional, mcpStdio: options.mcpStdio, mcpHttp: options.mcpHttp });
  const bus = await ctx.bus();
  const sources = await toCatalogSources(specs, bus.artifacts, options.server);
  const importId = options.importId ?? randomUUID();
  // The envelope id makes a repeated `--import-id` publish a duplicate that JetStream drops.
  await bus.publish('catalog.import.requested', { importId, sources }, { id: `catalog-import-${importId}` });
  if (!options.json) ctx.err.write(`import ${importId}: ${sources.length} source(s) queued\n`);
  const summary = await watchImport(bus, importId, { timeoutMs: options.timeout * 1000, stream: ctx.err });
  const report = await completeImportReport(bus, summary);
  ctx.print(options.json ? JSON.stringify(report, null, 2) : renderImportReport(report));
  // A completed import may still have sources it could not read, or have rejected everything: a script should notice.
  const nothing = nothingImported(report);
  if (nothing) ctx.err.write(`${nothing}\n`);
  if (report.status !== 'completed' || report.errorsTotal > 0 || nothing) process.exitCode = 1;
}

/** `astra catalog ...`: import tool catalogs and look at them. */
export function registerCatalogCommand(program: Command, ctx: CliContext): void {
  const catalog = program
    .command('catalog')
    .description('tool catalogs: import MCP servers, ASTRA JSONL and tool definition files; list and show them');

  catalog
    .command('import')
    .description('import tool catalogs into graph-miner and print what changed')
    .argument(
      '[sources...]',
      "files (.json or .jsonl, read by shape: ASTRA mcp_servers rows, a JSON list of OpenAI/BFCL tool definitions, or one tool definition per line) or mcp:<name> of a server in graph-miner's MCP_SERVERS (built in: mcp:memory, mcp:filesystem, mcp:everything)",
    )
    .option('--mcp-stdio <name>', "an MCP server over stdio that graph-miner's MCP_SERVERS names (repeatable)", collect, [])
    .option('--mcp-http <name=url>', 'an MCP server over streamable HTTP (repeatable)', collect, [])
    .option('--server <name>', 'server name for tool files that carry none (default: the file name without extension)')
    .option('--import-id <id>', 'id of the import; repeating it resumes or shows the same import')
    .option('--timeout <seconds>', 'how long to wait for the import to finish', positiveInt, 600)
    .option('--json', 'print the import report as JSON')
    .action((sources: string[], options: ImportOptions) => importCatalog(ctx, sources, options));

  catalog
    .command('status')
    .description('progress or report of one import')
    .argument('<importId>')
    .option('--json', 'print JSON')
    .action(async (importId: string, options: { json?: boolean }) => {
      const bus = await ctx.bus();
      const report = await completeImportReport(bus, await bus.request('catalog.import.status', { importId }));
      ctx.print(options.json ? JSON.stringify(report, null, 2) : renderImportReport(report));
    });

  catalog
    .command('ls')
    .description('the servers in the catalog (latest versions)')
    .option('--filter <text>', 'only servers whose name contains this')
    .option('--json', 'print JSON')
    .action(async (options: { filter?: string; json?: boolean }) => {
      const bus = await ctx.bus();
      const filter = options.filter ? { nameContains: options.filter } : {};
      const { items } = await collectPages(
        (cursor) => bus.request('catalog.servers.list', { ...filter, ...(cursor ? { cursor } : {}) }),
        (page) => page.servers,
      );
      const list = { servers: items };
      ctx.print(options.json ? JSON.stringify(list, null, 2) : renderServerList(list));
    });

  catalog
    .command('show')
    .description('one server with its tools')
    .argument('<server>')
    .option('--version <n>', 'a past version', positiveInt)
    .option('--json', 'print JSON (OpenAI tool schemas and output schemas)')
    .action(async (name: string, options: { version?: number; json?: boolean }) => {
      const bus = await ctx.bus();
      const version = options.version ? { version: options.version } : {};
      const { first, items } = await collectPages(
        (cursor) => bus.request('catalog.server.show', { name, ...version, ...(cursor ? { cursor } : {}) }),
        (page) => page.tools,
      );
      const shown = { server: first.server, tools: items };
      ctx.print(options.json ? JSON.stringify(shown, null, 2) : renderServer(shown));
    });
}
