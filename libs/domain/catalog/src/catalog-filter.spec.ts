import type { RawServer } from './catalog.types';
import { buildCatalog } from './catalog-filter';
import { mapMcpServer } from './mcp-tool.mapper';

const tool = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  description: `does ${name}`,
  inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
  ...extra,
});

describe('buildCatalog', () => {
  it('keeps servers with at least three usable tools and sorts their tools', () => {
    const raw = mapMcpServer('mem', 'mcp-stdio', [tool('c'), tool('a'), tool('b', { outputSchema: { type: 'object' } })]);
    const { servers, rejections } = buildCatalog([raw]);
    expect(rejections).toEqual([]);
    expect(servers[0]?.tools.map((t) => t.name)).toEqual(['a', 'b', 'c']);
    expect(servers[0]?.tools[1]?.outputSchema).toEqual({ type: 'object' });
    expect(servers[0]?.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a server whose usable tools fall under the minimum, naming the counts', () => {
    const raw = mapMcpServer('small', 'mcp-stdio', [tool('a'), tool('b'), tool('c', { description: '   ' })]);
    const { servers, rejections } = buildCatalog([raw]);
    expect(servers).toEqual([]);
    expect(rejections).toEqual([
      { server: 'small', tool: 'c', reason: 'missing_description', detail: 'tool "c" has no description' },
      { server: 'small', reason: 'too_few_tools', detail: 'server "small" has 2 usable tool(s) of 3; at least 3 are needed' },
    ]);
  });

  it('keeps the first of duplicated tools and rejects tools without a name', () => {
    const raw: RawServer = {
      name: 's',
      origin: 'openai-tools',
      tools: [tool('a'), tool('a'), tool('b'), tool('c'), { name: 5, description: 'x', inputSchema: {} }],
    };
    const { servers, rejections } = buildCatalog([raw]);
    expect(servers[0]?.tools).toHaveLength(3);
    expect(rejections.map((r) => r.reason)).toEqual(['duplicate_tool', 'unmappable_schema']);
    expect(rejections[1]?.detail).toBe('a tool has no name (5)');
  });

  it('merges servers of the same name and honours a custom minimum', () => {
    const a: RawServer = { name: 's', origin: 'astra-jsonl', tools: [tool('a')] };
    const b: RawServer = { name: 's', origin: 'astra-jsonl', tools: [tool('b')] };
    expect(buildCatalog([a, b], { minTools: 2 }).servers[0]?.tools.map((t) => t.name)).toEqual(['a', 'b']);
  });

  it('gives the same hashes for the same content and new ones when a tool changes', () => {
    const first = buildCatalog([mapMcpServer('m', 'mcp-stdio', [tool('a'), tool('b'), tool('c')])]).servers[0];
    const again = buildCatalog([mapMcpServer('m', 'mcp-stdio', [tool('c'), tool('b'), tool('a')])]).servers[0];
    const changed = buildCatalog([mapMcpServer('m', 'mcp-stdio', [tool('a'), tool('b'), tool('c', { description: 'new text' })])])
      .servers[0];
    expect(again?.contentHash).toBe(first?.contentHash);
    expect(changed?.contentHash).not.toBe(first?.contentHash);
    expect(changed?.tools[0]?.contentHash).toBe(first?.tools[0]?.contentHash);
    expect(changed?.tools[2]?.contentHash).not.toBe(first?.tools[2]?.contentHash);
  });
});
