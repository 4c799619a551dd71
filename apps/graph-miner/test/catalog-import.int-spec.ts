import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BusError } from '@astra/contracts';
import { EverythingHttpServer } from '@astra/testing';
import { GraphMinerHarness } from './support/graph-miner.harness';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(60_000);

describe('graph-miner catalog import over real NATS', () => {
  const world = new GraphMinerHarness('sqlite');

  beforeAll(async () => {
    await world.start();
    // Servers that fail in each way, allowed by graph-miner's own configuration (the reference servers are built in).
    const servers = {
      ghost: { command: 'astra-no-such-command-xyz' },
      quitter: { command: process.execPath, args: ['-e', 'console.error("cannot open config"); process.exit(3)'] },
      sleeper: { command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], timeoutMs: 1000 },
    };
    await world.startApp([], { MCP_SERVERS_JSON: JSON.stringify(servers) });
  });

  afterAll(async () => {
    await world.stop();
  });

  it('imports an ASTRA JSONL file, naming the malformed lines and importing the others', async () => {
    const artifact = await world.upload(readFileSync(join(__dirname, 'fixtures/mcp_servers.jsonl'), 'utf8'));
    await world.requestImport({ importId: 'jsonl-1', sources: [{ type: 'astra-jsonl', filename: 'mcp_servers.jsonl', artifact }] });
    const report = await world.waitForReport('jsonl-1');

    expect(report).toMatchObject({
      status: 'completed',
      sources: 1,
      serversSeen: 3,
      serversImported: 2,
      toolsImported: 7,
      toolsNewVersions: 0,
      toolsUnchanged: 0,
      errors: [],
    });
    expect(report.rejections.filter((r) => r.reason === 'malformed_line').map((r) => r.line)).toEqual([2, 5]);
    expect(report.rejections.find((r) => r.line === 2)?.detail).toContain('mcp_servers.jsonl line 2: invalid JSON');
    expect(report.rejections.map((r) => [r.server, r.tool, r.reason])).toEqual(
      expect.arrayContaining([
        ['weather-service', 'debug_dump', 'missing_description'],
        ['tiny-notes', undefined, 'too_few_tools'],
        ['calendar', 'move_event', 'unmappable_schema'],
      ]),
    );

    const list = await world.cli.request('catalog.servers.list', {});
    expect(list.servers.map((s) => [s.name, s.toolCount, s.version, s.origin])).toEqual([
      ['calendar', 3, 1, 'astra-jsonl'],
      ['weather-service', 4, 1, 'astra-jsonl'],
    ]);
    const shown = await world.cli.request('catalog.server.show', { name: 'weather-service' });
    expect(shown.tools.map((t) => t.name)).toEqual(['get_air_quality', 'get_current_weather', 'get_forecast', 'list_alerts']);
    expect(shown.tools[2]?.openai).toMatchObject({ type: 'function', function: { name: 'get_forecast', parameters: { type: 'object' } } });
  });

  it('changes nothing when the same catalog is imported again', async () => {
    const artifact = await world.upload(readFileSync(join(__dirname, 'fixtures/mcp_servers.jsonl'), 'utf8'));
    await world.requestImport({ importId: 'jsonl-2', sources: [{ type: 'astra-jsonl', filename: 'mcp_servers.jsonl', artifact }] });
    const report = await world.waitForReport('jsonl-2');
    expect(report).toMatchObject({ status: 'completed', serversImported: 2, toolsImported: 0, toolsNewVersions: 0, toolsUnchanged: 7 });
    expect(report.servers?.map((s) => [s.name, s.outcome, s.version])).toEqual(
      expect.arrayContaining([
        ['weather-service', 'unchanged', 1],
        ['calendar', 'unchanged', 1],
      ]),
    );
  });

  it('answers NOT_FOUND for a server that is not in the catalog', async () => {
    const error = await world.cli.request('catalog.server.show', { name: 'no-such-server' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no-such-server') });
  });

  it('reports MCP servers that do not exist, exit, hang or are not allowed as MCP_SERVER_FAILED by name, and still imports the rest', async () => {
    const names = ['ghost', 'quitter', 'sleeper', 'sh', 'memory'];
    await world.requestImport({ importId: 'mcp-faults', sources: names.map((name) => ({ type: 'mcp-stdio' as const, name })) });
    const report = await world.waitForReport('mcp-faults');
    // Four sources failed and one was imported: the import completed, and says which sources failed.
    expect(report).toMatchObject({ status: 'completed', errorsTotal: 4 });
    expect(report.error).toBeUndefined();
    expect(report.errors.map((e) => [e.source, e.code])).toEqual([
      ['ghost', 'MCP_SERVER_FAILED'],
      ['quitter', 'MCP_SERVER_FAILED'],
      ['sleeper', 'MCP_SERVER_FAILED'],
      ['sh', 'MCP_SERVER_FAILED'],
    ]);
    const [ghost, quitter, sleeper, sh] = report.errors.map((e) => e.message);
    expect(ghost).toMatch(/MCP server "ghost" .*ENOENT/);
    expect(quitter).toMatch(/MCP server "quitter" .*cannot open config/);
    expect(sleeper).toMatch(/MCP server "sleeper" .*timed out after 1000 ms/);
    expect(sh).toBe(
      "MCP server 'sh' is not in graph-miner's MCP_SERVERS allow-list (configured: everything, filesystem, ghost, memory, quitter, sleeper)",
    );
    expect(report.rejections.filter((r) => r.reason === 'source_failed').map((r) => r.server)).toEqual([
      'ghost',
      'quitter',
      'sleeper',
      'sh',
    ]);
    expect(report.servers?.map((s) => [s.name, s.outcome, s.toolsImported])).toEqual([['memory', 'new', 9]]);
    // A name it does not know is a final answer of its own, not a fault retried on another delivery.
    expect(report.attempts).toBe(1);
  });

  it('refuses, on publish, an import whose stdio source carries a command line (the v1 fields)', async () => {
    const v1 = { type: 'mcp-stdio', name: 'pwned', command: 'sh', args: ['-c', 'touch /tmp/astra-pwned'] };
    const error = await world.cli
      .publish('catalog.import.requested', { importId: 'v1-command', sources: [v1 as unknown as { type: 'mcp-stdio'; name: string }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('Unrecognized key') });
  });

  it('imports an OpenAI tools file with dict schemas and response schemas', async () => {
    const tools = readFileSync(join(__dirname, 'fixtures/openai-tools.json'), 'utf8');
    const artifact = await world.upload(tools);
    await world.requestImport({ importId: 'openai-1', sources: [{ type: 'openai-tools', filename: 'math.json', artifact }] });
    const report = await world.waitForReport('openai-1');
    expect(report).toMatchObject({ status: 'completed', serversImported: 1, toolsImported: 3 });
    const shown = await world.cli.request('catalog.server.show', { name: 'math' });
    expect(shown.tools.find((t) => t.name === 'math_factorial')?.outputSchema).toEqual({
      type: 'object',
      properties: { result: { type: 'integer' } },
    });
    // A dotted BFCL-style name breaks OpenAI's function-name rule: reported, not imported.
    expect(report.rejections).toContainEqual(
      expect.objectContaining({ server: 'math', tool: 'math.round', detail: expect.stringMatching(/name/i) }),
    );
    expect(shown.tools.map((t) => t.name)).not.toContain('math.round');
  });

  it('imports tool definitions one per line by their shape, under the server name the source gives', async () => {
    const tool = (name: string, description: string) =>
      JSON.stringify({
        name,
        description,
        parameters: { type: 'dict', properties: { folder: { type: 'string', description: 'a folder' } }, required: ['folder'] },
        response: { type: 'dict', properties: { current_working_directory: { type: 'string' } } },
      });
    const artifact = await world.upload(
      `${tool('cd', 'Change directory')}\n${tool('mkdir', 'Make a directory')}\n${tool('rmdir', 'Remove one')}\n`,
    );
    // Sent as an ASTRA file by its .jsonl name: the content decides.
    await world.requestImport({
      importId: 'lines-1',
      sources: [{ type: 'astra-jsonl', filename: 'func_doc.jsonl', artifact, server: 'gorilla-fs' }],
    });
    const report = await world.waitForReport('lines-1');
    expect(report).toMatchObject({ status: 'completed', serversImported: 1, toolsImported: 3, rejectionsTotal: 0 });
    const shown = await world.cli.request('catalog.server.show', { name: 'gorilla-fs' });
    expect(shown.tools.find((t) => t.name === 'cd')?.outputSchema).toEqual({
      type: 'object',
      properties: { current_working_directory: { type: 'string' } },
    });
  });

  it('completes an import whose every row was rejected with nothing stored and the reasons recorded', async () => {
    const artifact = await world.upload('{"name": "ls", "parameters": {"type": "dict", "properties": {}}}\n');
    await world.requestImport({ importId: 'lines-rejected', sources: [{ type: 'openai-tools', filename: 'empty.json', artifact }] });
    const report = await world.waitForReport('lines-rejected');
    expect(report).toMatchObject({ status: 'completed', serversImported: 0, errorsTotal: 0 });
    expect(report.rejections).toContainEqual(expect.objectContaining({ server: 'empty', tool: 'ls', reason: 'missing_description' }));
  });

  it('fails an import whose only file is not JSON with CATALOG_SOURCE_INVALID', async () => {
    const artifact = await world.upload('{ not json');
    await world.requestImport({ importId: 'openai-bad', sources: [{ type: 'openai-tools', filename: 'broken.json', artifact }] });
    const report = await world.waitForReport('openai-bad');
    expect(report).toMatchObject({ status: 'failed', error: { code: 'CATALOG_SOURCE_INVALID' } });
    expect(report.errors).toEqual([
      { source: 'broken.json', code: 'CATALOG_SOURCE_INVALID', message: expect.stringContaining('broken.json is not valid JSON') },
    ]);
  });

  it('imports an MCP server over streamable HTTP', async () => {
    const server = await new EverythingHttpServer().start();
    try {
      await world.requestImport({
        importId: 'http-1',
        sources: [{ type: 'mcp-http', name: 'everything-http', url: server.url }],
      });
      const report = await world.waitForReport('http-1');
      expect(report.errors).toEqual([]);
      expect(report.servers?.map((s) => [s.name, s.outcome, s.toolsImported])).toEqual([['everything-http', 'new', 13]]);
      const list = await world.cli.request('catalog.servers.list', { nameContains: 'HTTP' });
      expect(list.servers.map((s) => [s.name, s.origin, s.toolCount])).toEqual([['everything-http', 'mcp-http', 13]]);
    } finally {
      server.stop();
    }
  });
});
