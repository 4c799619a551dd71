import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@astra/platform/config';
import { isHttpServer, loadMcpServerAllowList, type McpServersSource } from './mcp-server-allow-list';
import { isolatedSpec } from './mcp-stdio';

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
      state: 'memory-file',
    });
    expect(list.stdio('filesystem').args[1]).toBe(join(dir, 'mcp-filesystem'));
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

  it('takes an entry with a url as an HTTP server, which stdio() refuses', () => {
    const inline = JSON.stringify({ remote: { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer t' } } });
    const list = load({ inline });
    const remote = list.get('remote');
    expect(remote).toEqual({ url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer t' } });
    expect(isHttpServer(remote)).toBe(true);
    expect(isHttpServer(list.get('memory'))).toBe(false);
    expect(() => list.stdio('remote')).toThrow(
      expect.objectContaining({ code: 'MCP_SERVER_FAILED', retryable: false, message: expect.stringContaining('reached over HTTP') }),
    );
    expect(configProblems({ inline: '{"remote": {"url": "file:///etc/passwd"}}' })).toEqual([
      expect.stringMatching(/^MCP_SERVERS_JSON\.remote\.url: /),
    ]);
    const withCredentials = configProblems({ inline: '{"remote": {"url": "https://bot:s3cr3t@h/mcp"}}' });
    expect(withCredentials).toEqual(['MCP_SERVERS_JSON.remote.url: must not hold credentials: send them in headers']);
    const mixed = configProblems({ inline: '{"remote": {"url": "http://h/mcp", "command": "x", "headers": {"K": "s3cr3t"}}}' });
    expect(mixed).toEqual([expect.stringMatching(/^MCP_SERVERS_JSON\.remote: Unrecognized key/)]);
    expect(mixed.join()).not.toContain('s3cr3t');
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

describe('isolatedSpec', () => {
  it('moves the memory file or the root folder of a stateful server into the session folder, and leaves others alone', () => {
    const list = load({});
    expect(isolatedSpec(list.stdio('memory'), '/tmp/s1').env).toEqual({ MEMORY_FILE_PATH: join('/tmp/s1', 'memory.jsonl') });
    const fs = isolatedSpec(list.stdio('filesystem'), '/tmp/s2');
    expect(fs.args).toEqual([list.stdio('filesystem').args[0], '/tmp/s2']);
    expect(isolatedSpec(list.stdio('everything'), '/tmp/s3')).toEqual(list.get('everything'));
  });
});
