import { buildCatalog } from './catalog-filter';
import { readCatalogFile } from './catalog-format';

const bfcl = (name: string) =>
  JSON.stringify({
    name,
    description: `${name} something`,
    parameters: { type: 'dict', properties: { path: { type: 'string', description: 'a path' } }, required: ['path'] },
    response: { type: 'dict', properties: { content: { type: 'string' } } },
  });
const astraRow = JSON.stringify({
  base_info: { group_info: { server_name: 'notes' }, tool_list: [{ name: 'a', description: 'A', parameters: {} }] },
});

describe('readCatalogFile', () => {
  it('recognises tool definitions one per line whatever the extension, keeping dict types and response schemas', () => {
    for (const filename of ['file_system.json', 'file_system.jsonl', 'tools.txt']) {
      const read = readCatalogFile(`${bfcl('ls')}\n${bfcl('cd')}\n`, filename);
      expect(read.format).toBe('tool-lines');
      expect(read.servers).toHaveLength(1);
      expect(read.servers[0]?.tools.map((t) => t.name)).toEqual(['ls', 'cd']);
    }
    const built = buildCatalog(readCatalogFile(`${bfcl('ls')}\n${bfcl('cd')}`, 'fs.json').servers, { minTools: 1 });
    const ls = built.servers[0]?.tools.find((t) => t.name === 'ls');
    expect(ls?.parameters).toMatchObject({ type: 'object', properties: { path: { type: 'string' } } });
    expect(ls?.outputSchema).toEqual({ type: 'object', properties: { content: { type: 'string' } } });
  });

  it('names the server of a file without one from the option, else from the file name', () => {
    expect(readCatalogFile(bfcl('ls'), 'dir/gorilla_file_system.jsonl').servers[0]?.name).toBe('gorilla_file_system');
    expect(readCatalogFile(`${bfcl('ls')}\n${bfcl('cd')}`, 'x.json', { server: 'files' }).servers[0]?.name).toBe('files');
    expect(readCatalogFile(JSON.stringify([JSON.parse(bfcl('ls'))]), 'x.json', { server: 'files' }).servers[0]?.name).toBe('files');
  });

  it('reads ASTRA rows by shape too, one row or many, and keeps their own server names', () => {
    expect(readCatalogFile(`${astraRow}\n${astraRow.replace('notes', 'todo')}\n`, 'servers.json')).toMatchObject({
      format: 'astra-rows',
      servers: [{ name: 'notes' }, { name: 'todo' }],
    });
    expect(readCatalogFile(JSON.stringify(JSON.parse(astraRow), null, 2), 'one.json', { server: 'ignored' }).servers[0]?.name).toBe(
      'notes',
    );
  });

  it('reads a JSON list of tool definitions as before', () => {
    const read = readCatalogFile(
      JSON.stringify({ tools: [{ type: 'function', function: { name: 'f', description: 'F', parameters: {} } }] }),
      't.json',
    );
    expect(read).toMatchObject({ format: 'tool-list', servers: [{ name: 't', tools: [{ name: 'f' }] }] });
  });

  it('rejects the lines of a tool file that are not tool definitions, with their numbers', () => {
    const read = readCatalogFile(`${bfcl('ls')}\n{"hello": 1}\nnot json\n`, 'fs.jsonl');
    expect(read.servers[0]?.tools).toHaveLength(1);
    expect(read.rejections.map((r) => [r.line, r.reason])).toEqual([
      [2, 'malformed_line'],
      [3, 'malformed_line'],
    ]);
    expect(read.rejections[0]?.detail).toContain('not a tool definition');
  });

  it('says clearly when nothing in the file is a catalog', () => {
    expect(() => readCatalogFile('{"a":1}\n{"b":2}\n', 'x.jsonl')).toThrow(/^x\.jsonl is not a tool catalog/);
    expect(() => readCatalogFile('{"foo": 1}', 'x.json')).toThrow(/^x\.json: expected a list of tool definitions/);
    expect(() => readCatalogFile('{ not json', 'broken.json')).toThrow(/^broken\.json is not valid JSON: /);
    // Several broken lines are each a rejection with its number, as JSON Lines always were.
    expect(readCatalogFile('{ one\n{ two\n', 'rows.jsonl').rejections.map((r) => r.line)).toEqual([1, 2]);
  });
});
