import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusError } from '@astra/contracts';
import { ConfigError } from '@astra/platform/config';
import { loadMcpServerAllowList, McpServerAllowList, type McpServersSource } from './mcp-server-allow-list';
import { McpSourceReader, type StdioTransportFactory } from './mcp-source.reader';

const dataDir = () => mkdtempSync(join(tmpdir(), 'astra-mcp-'));
const load = (source: Partial<McpServersSource>) => loadMcpServerAllowList({ builtIns: true, dataDir: dataDir(), ...source });

function configProblems(source: Partial<McpServersSource>): string[] {
  try {
    load(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable}: ${p.problem}`);
    throw error;
  }
  return [];
}

describe('the MCP server allow-list', () => {
  it('has the three reference servers, run with this Node, the filesystem one confined to ASTRA_DATA_DIR', () => {
    const dir = dataDir();
    const list = load({ dataDir: dir });
    expect(list.names).toEqual(['everything', 'filesystem', 'memory']);
    expect(list.get('memory')).toEqual({
      command: process.execPath,
      args: [expect.stringMatching(/server-memory[/\\]dist[/\\]index\.js$/)],
    });
    expect(list.get('filesystem').args[1]).toBe(join(dir, 'mcp-filesystem'));
    expect(existsSync(join(dir, 'mcp-filesystem'))).toBe(true);
    expect(load({ builtIns: false }).names).toEqual([]);
  });

  it('adds the servers of a YAML file and inline JSON, inline winning, and lets them replace a built-in', () => {
    const file = join(dataDir(), 'mcp.yaml');
    writeFileSync(
      file,
      'notes:\n  command: /usr/bin/notes-mcp\n  args: [--db, /srv/notes]\n  env: { NOTES_KEY: k }\nmemory:\n  command: /opt/memory-mcp\n',
    );
    const list = load({ file, inline: JSON.stringify({ notes: { command: 'notes-mcp-2' } }) });
    expect(list.names).toEqual(['everything', 'filesystem', 'memory', 'notes']);
    expect(list.get('notes')).toEqual({ command: 'notes-mcp-2', args: [] });
    expect(list.get('memory')).toEqual({ command: '/opt/memory-mcp', args: [] });
  });

  it('names the variable and entry of a bad configuration without quoting values', () => {
    expect(configProblems({ inline: '{"notes": {"args": ["--token", "s3cr3t"]}}' })).toEqual([
      'MCP_SERVERS_JSON.notes.command: Invalid input: expected string, received undefined',
    ]);
    expect(configProblems({ inline: '{"bad name": {"command": "x"}}' })[0]).toMatch(/^MCP_SERVERS_JSON\.bad name: /);
    expect(configProblems({ inline: '{"notes": {"command": "x", "shell": true}}' })[0]).toMatch(
      /^MCP_SERVERS_JSON\.notes: Unrecognized key/,
    );
    const broken = configProblems({ inline: '{"notes": {"command": "x", "env": {"KEY": "s3cr3t"}' });
    expect(broken).toEqual([expect.stringMatching(/^MCP_SERVERS_JSON: is not valid YAML or JSON/)]);
    expect(broken.join()).not.toContain('s3cr3t');
    expect(configProblems({ file: '/no/such/mcp.yaml' })).toEqual(['MCP_SERVERS: cannot be read (ENOENT)']);
  });
});

describe('McpSourceReader and the allow-list', () => {
  it('fails a name the allow-list lacks for good, and starts nothing', async () => {
    const spawned: string[] = [];
    const spawn: StdioTransportFactory = (spec) => {
      spawned.push(spec.command);
      throw new Error('spawned');
    };
    const reader = new McpSourceReader(1000, new McpServerAllowList({ memory: { command: 'node', args: [] } }), spawn);
    for (const name of ['sh', 'node', 'notes']) {
      const error = await reader.read({ type: 'mcp-stdio', name }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BusError);
      expect(error).toMatchObject({
        code: 'MCP_SERVER_FAILED',
        retryable: false,
        message: `MCP server '${name}' is not in graph-miner's MCP_SERVERS allow-list (configured: memory)`,
      });
    }
    expect(spawned).toEqual([]);
  });

  it('starts an allow-listed server as configured', async () => {
    const spawned: string[][] = [];
    const spawn: StdioTransportFactory = (spec) => {
      spawned.push([spec.command, ...spec.args]);
      throw new Error('not really');
    };
    const reader = new McpSourceReader(
      1000,
      new McpServerAllowList({ notes: { command: '/usr/bin/notes-mcp', args: ['--db', '/srv'] } }),
      spawn,
    );
    await expect(reader.read({ type: 'mcp-stdio', name: 'notes' })).rejects.toThrow('MCP server "notes" (stdio) failed: not really');
    expect(spawned).toEqual([['/usr/bin/notes-mcp', '--db', '/srv']]);
  });
});
