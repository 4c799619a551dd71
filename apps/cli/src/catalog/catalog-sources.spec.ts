import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryArtifactStore } from '@astra/platform/bus';
import { UsageError } from '../cli-context';
import { parseMcpHttp, parseMcpStdio, parsePositional, parseSources, toCatalogSources } from './catalog-sources';

describe('MCP options', () => {
  it('sends a server name for mcp:<name> and --mcp-stdio <name>, never a command', () => {
    expect(parsePositional('mcp:memory')).toEqual({ kind: 'mcp', source: { type: 'mcp-stdio', name: 'memory' } });
    expect(parsePositional('mcp:notes')).toEqual({ kind: 'mcp', source: { type: 'mcp-stdio', name: 'notes' } });
    expect(parseMcpStdio('git')).toEqual({ type: 'mcp-stdio', name: 'git' });
  });

  it('refuses a command line, saying the server is configured on graph-miner', () => {
    expect(() => parseMcpStdio('notes=node server.js')).toThrow(UsageError);
    expect(() => parseMcpStdio('notes=node server.js')).toThrow(
      `--mcp-stdio "notes=node server.js": name an MCP server configured in graph-miner's MCP_SERVERS (e.g. memory, filesystem, everything); a command line is not accepted`,
    );
    expect(() => parsePositional('mcp:node server.js')).toThrow(/^mcp:node server\.js: name an MCP server/);
  });

  it('parses --mcp-http name=url and refuses other protocols', () => {
    expect(parseMcpHttp('remote=http://127.0.0.1:8080/mcp')).toEqual({
      type: 'mcp-http',
      name: 'remote',
      url: 'http://127.0.0.1:8080/mcp',
    });
    expect(() => parseMcpHttp('remote=ftp://x')).toThrow('is not an http(s) URL');
    expect(() => parseMcpHttp('http://no-name')).toThrow('expects <name>=<value>');
  });
});

describe('parseSources', () => {
  it('classifies files by extension and keeps the order', () => {
    const specs = parseSources({ positional: ['a/servers.jsonl', 'tools.JSON', 'mcp:memory'], mcpStdio: ['notes'], mcpHttp: [] });
    expect(specs.map((s) => (s.kind === 'file' ? s.type : s.source.type))).toEqual([
      'astra-jsonl',
      'openai-tools',
      'mcp-stdio',
      'mcp-stdio',
    ]);
  });

  it('says what is wrong with bad input', () => {
    expect(() => parseSources({ positional: [], mcpStdio: [], mcpHttp: [] })).toThrow('name at least one source');
    expect(() => parseSources({ positional: ['notes.txt'], mcpStdio: [], mcpHttp: [] })).toThrow('cannot tell what "notes.txt" is');
    expect(() => parseSources({ positional: ['mcp:a'], mcpStdio: ['a'], mcpHttp: [] })).toThrow('"a" is given twice');
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

  it('names the server of every file with --server, and refuses --server without a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'astra-cli-'));
    writeFileSync(join(dir, 'func_doc.json'), '{"name":"ls","description":"List","parameters":{"type":"dict","properties":{}}}\n');
    const store = new InMemoryArtifactStore();
    const [source] = await toCatalogSources([{ kind: 'file', type: 'openai-tools', path: join(dir, 'func_doc.json') }], store, 'files');
    expect(source).toMatchObject({ type: 'openai-tools', filename: 'func_doc.json', server: 'files' });
    await expect(toCatalogSources([{ kind: 'mcp', source: { type: 'mcp-stdio', name: 'memory' } }], store, 'files')).rejects.toThrow(
      '--server names the server of a tool file',
    );
  });

  it('fails clearly when a file cannot be read', async () => {
    await expect(
      toCatalogSources([{ kind: 'file', type: 'openai-tools', path: '/no/such/file.json' }], new InMemoryArtifactStore()),
    ).rejects.toThrow('cannot read /no/such/file.json');
  });
});
