import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E } from './support/e2e.config';
import { deleteNamespace } from '@astra/platform/bus';
import { astra, ServiceProcess } from './support/processes';

/** Rows of a printed table: the cells of every line that starts with one of `names`. */
function rowsOf(text: string, names: readonly string[]): Record<string, string[]> {
  const rows: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    const cells = line.trim().split(/\s{2,}/);
    if (cells[0] && names.includes(cells[0])) rows[cells[0]] = cells;
  }
  return rows;
}

// Project-level testTimeout in jest.config.js is not applied by Jest 30 (it is a global option), so set it here.
jest.setTimeout(240_000);

const SERVERS = ['memory', 'filesystem', 'everything'] as const;
// Every tool of the three reference servers has a description and a mappable schema, so all survive filtering.
const TOOLS = { memory: 9, filesystem: 14, everything: 13 } as const;

describe('astra catalog, end to end: graph-miner as a process driven through the CLI', () => {
  const namespace = `e2e_${randomBytes(5).toString('hex')}`;
  const serviceDir = mkdtempSync(join(tmpdir(), 'astra-e2e-gm-'));
  const cliDir = mkdtempSync(join(tmpdir(), 'astra-e2e-cli-'));
  const cliEnv = { NATS_URL: E2E.natsUrl, ASTRA_NAMESPACE: namespace, ASTRA_DATA_DIR: cliDir };
  let service: ServiceProcess;

  beforeAll(async () => {
    service = new ServiceProcess('graph-miner', { NATS_URL: E2E.natsUrl, ASTRA_NAMESPACE: namespace, ASTRA_DATA_DIR: serviceDir, PORT: '0', OTEL_SDK_DISABLED: 'true' });
    await service.ready();
  });

  afterAll(async () => {
    service?.kill();
    await deleteNamespace(E2E.natsUrl, namespace);
    rmSync(serviceDir, { recursive: true, force: true });
    rmSync(cliDir, { recursive: true, force: true });
  });

  it('imports the three reference MCP servers and lists and shows them', async () => {
    const imported = await astra(['catalog', 'import', 'mcp:memory', 'mcp:filesystem', 'mcp:everything'], cliEnv);
    expect(imported.stderr).not.toMatch(/^error/m);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('completed (3 source(s), 3 server(s) seen, 3 imported)');
    const importRows = rowsOf(imported.stdout, SERVERS);
    for (const name of SERVERS) expect(importRows[name]).toEqual([name, 'new', '1', String(TOOLS[name]), '0', '0']);
    expect(imported.stdout).toContain('Tools: 36 imported, 0 new version(s), 0 unchanged');

    const listed = await astra(['catalog', 'ls'], cliEnv);
    expect(listed.code).toBe(0);
    const listRows = rowsOf(listed.stdout, SERVERS);
    for (const name of SERVERS) expect(listRows[name]?.slice(0, 4)).toEqual([name, 'mcp-stdio', String(TOOLS[name]), '1']);
    expect(listed.stdout).toContain('3 server(s), 36 tool(s)');

    const shown = await astra(['catalog', 'show', 'memory'], cliEnv);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('memory: version 1, origin mcp-stdio, 9 tool(s)');
    expect(rowsOf(shown.stdout, ['search_nodes'])['search_nodes']?.slice(0, 4)).toEqual(['search_nodes', '1', 'query*: string', 'yes']);

    const json = await astra(['catalog', 'show', 'filesystem', '--json'], cliEnv);
    const parsed = JSON.parse(json.stdout) as { tools: Array<{ name: string; openai: { type: string; function: { name: string; parameters: { type: string } } } }> };
    expect(parsed.tools).toHaveLength(14);
    const readFile = parsed.tools.find((t) => t.name === 'read_text_file');
    expect(readFile?.openai).toMatchObject({ type: 'function', function: { name: 'read_text_file', parameters: { type: 'object' } } });
  });

  it('changes nothing when the same servers are imported again', async () => {
    const before = await astra(['catalog', 'ls'], cliEnv);
    const again = await astra(['catalog', 'import', 'mcp:memory', 'mcp:filesystem', 'mcp:everything'], cliEnv);
    expect(again.code).toBe(0);
    const rows = rowsOf(again.stdout, SERVERS);
    for (const name of SERVERS) expect(rows[name]).toEqual([name, 'unchanged', '1', '0', '0', String(TOOLS[name])]);
    expect(again.stdout).toContain('Tools: 0 imported, 0 new version(s), 36 unchanged');
    const after = await astra(['catalog', 'ls'], cliEnv);
    expect(after.stdout).toBe(before.stdout);
  });

  it('exits non-zero with a clear error for a failing MCP server and an unknown server', async () => {
    const failed = await astra(['catalog', 'import', '--mcp-stdio', 'ghost=astra-no-such-command --flag'], cliEnv);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/ghost\s+MCP_SERVER_FAILED\s+MCP server "ghost" \(command "astra-no-such-command --flag"\) failed: spawn astra-no-such-command ENOENT/);

    const missing = await astra(['catalog', 'show', 'no-such-server'], cliEnv);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error: NOT_FOUND: no server "no-such-server" in the catalog');

    const usage = await astra(['catalog', 'import', 'notes.txt'], cliEnv);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('cannot tell what "notes.txt" is');
  });

  it('stops on SIGTERM', async () => {
    const exit = await service.stop();
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
  });
});
