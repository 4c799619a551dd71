import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryArtifactStore } from '@astra/platform/bus';
import { UsageError } from '../cli-context';
import { parseMcpHttp, parseMcpStdio, parseSources, resolveShorthand, splitCommandLine, toCatalogSources } from './catalog-sources';

describe('splitCommandLine', () => {
  it('splits on whitespace and honours quotes and escapes', () => {
    expect(splitCommandLine(`node  server.js --root "/my dir" 'a b' c\\ d ""`)).toEqual(['node', 'server.js', '--root', '/my dir', 'a b', 'c d', '']);
  });

  it('rejects an unterminated quote', () => {
    expect(() => splitCommandLine('node "oops')).toThrow(UsageError);
  });
});

describe('MCP options', () => {
  it('parses --mcp-stdio name=command args', () => {
    expect(parseMcpStdio('git=uvx mcp-server-git --repository /r')).toEqual({ type: 'mcp-stdio', name: 'git', command: 'uvx', args: ['mcp-server-git', '--repository', '/r'] });
  });

  it('parses --mcp-http name=url and refuses other protocols', () => {
    expect(parseMcpHttp('remote=http://127.0.0.1:8080/mcp')).toEqual({ type: 'mcp-http', name: 'remote', url: 'http://127.0.0.1:8080/mcp' });
    expect(() => parseMcpHttp('remote=ftp://x')).toThrow('is not an http(s) URL');
    expect(() => parseMcpHttp('http://no-name')).toThrow('expects <name>=<value>');
  });

  it('resolves the mcp: shorthands to node and the package bin file', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'astra-cli-'));
    const memory = resolveShorthand('memory', dataDir);
    expect(memory).toMatchObject({ type: 'mcp-stdio', name: 'memory', command: 'node' });
    expect(memory.type === 'mcp-stdio' && memory.args[0]).toMatch(/server-memory[/\\]dist[/\\]index\.js$/);
    const fs = resolveShorthand('filesystem', dataDir);
    expect(fs.type === 'mcp-stdio' && fs.args[1]).toBe(join(dataDir, 'mcp-filesystem'));
    expect(() => resolveShorthand('nope', dataDir)).toThrow('unknown MCP shorthand "mcp:nope"');
  });
});

describe('parseSources', () => {
  it('classifies files by extension and keeps the order', () => {
    const specs = parseSources({ positional: ['a/servers.jsonl', 'tools.JSON'], mcpStdio: ['x=node x.js'], mcpHttp: [] }, '.data');
    expect(specs.map((s) => (s.kind === 'file' ? s.type : s.source.type))).toEqual(['astra-jsonl', 'openai-tools', 'mcp-stdio']);
  });

  it('says what is wrong with bad input', () => {
    expect(() => parseSources({ positional: [], mcpStdio: [], mcpHttp: [] }, '.data')).toThrow('name at least one source');
    expect(() => parseSources({ positional: ['notes.txt'], mcpStdio: [], mcpHttp: [] }, '.data')).toThrow('cannot tell what "notes.txt" is');
    expect(() => parseSources({ positional: [], mcpStdio: ['a=x', 'a=y'], mcpHttp: [] }, '.data')).toThrow('"a" is given twice');
  });
});

describe('toCatalogSources', () => {
  it('uploads files as artifacts and names them by file name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'astra-cli-'));
    writeFileSync(join(dir, 'servers.jsonl'), '{"base_info":{}}\n');
    const store = new InMemoryArtifactStore();
    const [source] = await toCatalogSources([{ kind: 'file', type: 'astra-jsonl', path: join(dir, 'servers.jsonl') }], store);
    expect(source).toMatchObject({ type: 'astra-jsonl', filename: 'servers.jsonl', artifact: { size: 17 } });
    expect(store.uploads).toBe(1);
  });

  it('fails clearly when a file cannot be read', async () => {
    await expect(toCatalogSources([{ kind: 'file', type: 'openai-tools', path: '/no/such/file.json' }], new InMemoryArtifactStore())).rejects.toThrow('cannot read /no/such/file.json');
  });
});
