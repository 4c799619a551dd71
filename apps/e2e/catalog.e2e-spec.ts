import { GraphMinerHarness, rowsOf } from './support/graph-miner-harness';

// Project-level testTimeout in jest.config.js is not applied by Jest 30 (it is a global option), so set it here.
jest.setTimeout(240_000);

const SERVERS = ['memory', 'filesystem', 'everything'] as const;
// Every tool of the three reference servers has a description and a mappable schema, so all survive filtering.
const TOOLS = { memory: 9, filesystem: 14, everything: 13 } as const;

describe('astra catalog, end to end: graph-miner as a process driven through the CLI', () => {
  const gm = new GraphMinerHarness();

  beforeAll(async () => {
    // A server that cannot start, allowed by graph-miner's own configuration: imports name it, never its command.
    await gm.start({ MCP_SERVERS_JSON: JSON.stringify({ ghost: { command: 'astra-no-such-command', args: ['--flag'] } }) });
  });

  afterAll(() => gm.dispose());

  it('imports the three reference MCP servers and lists and shows them', async () => {
    const imported = await gm.cli(['catalog', 'import', 'mcp:memory', 'mcp:filesystem', 'mcp:everything']);
    expect(imported.stderr).not.toMatch(/^error/m);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('completed (3 source(s), 3 server(s) seen, 3 imported)');
    const importRows = rowsOf(imported.stdout, SERVERS);
    for (const name of SERVERS) expect(importRows[name]).toEqual([name, 'new', '1', String(TOOLS[name]), '0', '0']);
    expect(imported.stdout).toContain('Tools: 36 imported, 0 new version(s), 0 unchanged');

    const listed = await gm.cli(['catalog', 'ls']);
    expect(listed.code).toBe(0);
    const listRows = rowsOf(listed.stdout, SERVERS);
    for (const name of SERVERS) expect(listRows[name]?.slice(0, 4)).toEqual([name, 'mcp-stdio', String(TOOLS[name]), '1']);
    expect(listed.stdout).toContain('3 server(s), 36 tool(s)');

    const shown = await gm.cli(['catalog', 'show', 'memory']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('memory: version 1, origin mcp-stdio, 9 tool(s)');
    expect(rowsOf(shown.stdout, ['search_nodes'])['search_nodes']?.slice(0, 4)).toEqual(['search_nodes', '1', 'query*: string', 'yes']);

    const json = await gm.cli(['catalog', 'show', 'filesystem', '--json']);
    const parsed = JSON.parse(json.stdout) as {
      tools: Array<{ name: string; openai: { type: string; function: { name: string; parameters: { type: string } } } }>;
    };
    expect(parsed.tools).toHaveLength(14);
    const readFile = parsed.tools.find((t) => t.name === 'read_text_file');
    expect(readFile?.openai).toMatchObject({ type: 'function', function: { name: 'read_text_file', parameters: { type: 'object' } } });
  });

  it('changes nothing when the same servers are imported again', async () => {
    const before = await gm.cli(['catalog', 'ls']);
    const again = await gm.cli(['catalog', 'import', 'mcp:memory', 'mcp:filesystem', 'mcp:everything']);
    expect(again.code).toBe(0);
    const rows = rowsOf(again.stdout, SERVERS);
    for (const name of SERVERS) expect(rows[name]).toEqual([name, 'unchanged', '1', '0', '0', String(TOOLS[name])]);
    expect(again.stdout).toContain('Tools: 0 imported, 0 new version(s), 36 unchanged');
    const after = await gm.cli(['catalog', 'ls']);
    expect(after.stdout).toBe(before.stdout);
  });

  it('exits non-zero with a clear error for a failing MCP server, one not allowed, and an unknown server', async () => {
    const failed = await gm.cli(['catalog', 'import', '--mcp-stdio', 'ghost', 'mcp:nobody']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/ghost\s+MCP_SERVER_FAILED\s+MCP server "ghost" \(stdio\) failed: spawn astra-no-such-command ENOENT/);
    expect(failed.stdout).toMatch(
      /nobody\s+MCP_SERVER_FAILED\s+MCP server 'nobody' is not in graph-miner's MCP_SERVERS allow-list \(configured: everything, filesystem, ghost, memory\)/,
    );

    const commandLine = await gm.cli(['catalog', 'import', '--mcp-stdio', 'notes=node server.js']);
    expect(commandLine.code).toBe(2);
    expect(commandLine.stderr).toContain(`--mcp-stdio "notes=node server.js": name an MCP server configured in graph-miner's MCP_SERVERS`);

    // One bad source among good ones: the rest is imported and the import completes, and the exit code still says so.
    const partial = await gm.cli(['catalog', 'import', 'mcp:memory', '--mcp-stdio', 'ghost']);
    expect(partial.code).toBe(1);
    expect(partial.stdout).toMatch(/: completed \(2 source\(s\), 1 server\(s\) seen, 1 imported\); 1 source\(s\) failed/);
    expect(rowsOf(partial.stdout, ['memory'])['memory']?.slice(0, 2)).toEqual(['memory', 'unchanged']);

    const missing = await gm.cli(['catalog', 'show', 'no-such-server']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error: NOT_FOUND: no server "no-such-server" in the catalog');

    const usage = await gm.cli(['catalog', 'import', 'notes.txt']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('cannot tell what "notes.txt" is');
  });

  it('stops on SIGTERM', async () => {
    const exit = await gm.service.stop();
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
  });
});
