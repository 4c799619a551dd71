import { readAstraJsonl } from './astra-row.mapper';
import { displayName, quote } from './catalog-bounds';
import { buildCatalog } from './catalog-filter';
import {
  MAX_JSON_DEPTH,
  MAX_SCHEMA_DEPTH,
  MAX_SERVER_DESCRIPTION_LENGTH,
  MAX_SERVER_NAME_LENGTH,
  MAX_TOOL_DESCRIPTION_LENGTH,
} from './catalog-limits';
import type { CatalogRejection, RawServer, RawTool } from './catalog.types';
import { normalizeParameters } from './json-schema.normalizer';

const tool = (name: unknown, extra: Partial<RawTool> = {}): RawTool => ({
  name,
  description: `does ${String(name).slice(0, 20)}`,
  inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
  ...extra,
});
const good = [tool('a'), tool('b'), tool('c')];
const server = (name: string, tools: RawTool[] = good, extra: Partial<RawServer> = {}): RawServer => ({
  name,
  origin: 'mcp-stdio',
  tools,
  ...extra,
});

/** Properties nested `depth` schemas deep: { type: object, properties: { a: { ... } } }. */
function nestedSchema(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 1; i < depth; i++) schema = { type: 'object', properties: { a: schema } };
  return schema;
}

/** A value nested `depth` arrays deep, built in a loop. */
function nestedArrays(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** Every rejection fits the rejections table: server and tool at most 200 characters, no NUL anywhere. */
function expectStorable(rejections: readonly CatalogRejection[]): void {
  for (const r of rejections) {
    expect(r.server.length).toBeLessThanOrEqual(200);
    expect((r.tool ?? '').length).toBeLessThanOrEqual(200);
    expect(`${r.server}${r.tool ?? ''}${r.detail}`).not.toContain('\u0000');
  }
}

describe('tool names', () => {
  it.each([
    ['a space', 'get weather'],
    ['a quote', 'get"weather'],
    ['a slash', 'fs/read'],
    ['a dot (BFCL)', 'math.factorial'],
    ['a NUL', 'read\u0000file'],
    ['250 characters', 'x'.repeat(250)],
    ['65 characters', 'y'.repeat(65)],
  ])('rejects a name with %s, recording a bounded reason', (_, name) => {
    const { servers, rejections } = buildCatalog([server('s', [...good, tool(name)])]);
    expect(servers[0]?.tools.map((t) => t.name)).toEqual(['a', 'b', 'c']);
    expect(rejections).toEqual([
      expect.objectContaining({
        server: 's',
        reason: 'unmappable_schema',
        tool: displayName(name),
        detail: expect.stringContaining('is not a function name'),
      }),
    ]);
    expectStorable(rejections);
  });

  it('keeps names of 1 to 64 letters, digits, "_" and "-"', () => {
    const names = ['x', 'get_weather-v2', 'Z'.repeat(64)];
    const { servers, rejections } = buildCatalog([
      server(
        's',
        names.map((n) => tool(n)),
      ),
    ]);
    expect(rejections).toEqual([]);
    expect(servers[0]?.tools).toHaveLength(3);
  });
});

describe('server names', () => {
  it(`keeps ${MAX_SERVER_NAME_LENGTH} characters and rejects one more, recording a name that still fits`, () => {
    expect(buildCatalog([server('s'.repeat(MAX_SERVER_NAME_LENGTH))]).servers).toHaveLength(1);
    const { servers, rejections } = buildCatalog([server('s'.repeat(MAX_SERVER_NAME_LENGTH + 1))]);
    expect(servers).toEqual([]);
    expect(rejections).toEqual([
      expect.objectContaining({ reason: 'unmappable_schema', detail: `server name is 201 characters; at most ${MAX_SERVER_NAME_LENGTH}` }),
    ]);
    expectStorable(rejections);
  });

  it.each([
    ['a NUL', 'mem\u0000ory'],
    ['a newline', 'mem\nory'],
    ['an escape', '\u001b[31mred'],
    ['a broken surrogate', 'mem\uD800ory'],
  ])('rejects a name with %s', (_, name) => {
    const { servers, rejections } = buildCatalog([server(name)]);
    expect(servers).toEqual([]);
    expect(rejections).toEqual([expect.objectContaining({ server: displayName(name), reason: 'unmappable_schema' })]);
    expectStorable(rejections);
  });
});

describe('schema nesting', () => {
  it(`keeps ${MAX_SCHEMA_DEPTH} levels of subschemas and rejects one more`, () => {
    expect(normalizeParameters(nestedSchema(MAX_SCHEMA_DEPTH)).ok).toBe(true);
    expect(normalizeParameters(nestedSchema(MAX_SCHEMA_DEPTH + 1))).toEqual({
      ok: false,
      error: `parameters${'.properties.a'.repeat(MAX_SCHEMA_DEPTH)}: subschemas nest deeper than ${MAX_SCHEMA_DEPTH} levels`,
    });
  });

  it('rejects a 5,000-deep parameters schema as a recorded rejection, not a stack overflow', () => {
    const { rejections } = buildCatalog([server('s', [...good, tool('deep', { inputSchema: nestedSchema(5000) })])]);
    expect(rejections).toEqual([
      {
        server: 's',
        tool: 'deep',
        reason: 'unmappable_schema',
        detail: `tool "deep": parameters: nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`,
      },
    ]);
  });

  it('bounds what is kept verbatim too: defaults, examples and output schemas', () => {
    const deepDefault = { type: 'object', properties: { a: { type: 'array', default: nestedArrays(5000) } } };
    const { rejections } = buildCatalog([
      server('s', [...good, tool('d', { inputSchema: deepDefault }), tool('o', { outputSchema: nestedArrays(200) })]),
    ]);
    expect(rejections.map((r) => [r.tool, r.detail])).toEqual([
      ['d', expect.stringContaining(`deeper than ${MAX_JSON_DEPTH} levels`)],
      ['o', expect.stringContaining(`output: nests objects and arrays deeper than ${MAX_JSON_DEPTH}`)],
    ]);
  });

  it('rejects a server whose metadata nests too deep', () => {
    const { servers, rejections } = buildCatalog([server('s', good, { metadata: { features: nestedArrays(5000) } })]);
    expect(servers).toEqual([]);
    expect(rejections[0]?.detail).toContain('metadata nests objects and arrays deeper than');
  });

  it('names an odd property in the path without quoting all of it', () => {
    const result = normalizeParameters({ type: 'object', properties: { [`bad name\u0000${'z'.repeat(500)}`]: { type: 'matrix' } } });
    expect(result.ok).toBe(false);
    const error = result.ok ? '' : result.error;
    expect(error).toMatch(/^parameters\.properties\["bad name\\u0000z+…"\]\.type: unknown type "matrix"$/);
    expect(error.length).toBeLessThan(200);
  });

  it('does not take inherited names for type names', () => {
    expect(normalizeParameters({ type: 'object', properties: { a: { type: 'toString' } } })).toEqual({
      ok: false,
      error: 'parameters.properties.a.type: unknown type "toString"',
    });
  });
});

describe('descriptions', () => {
  it(`keeps a tool description of ${MAX_TOOL_DESCRIPTION_LENGTH} characters and rejects a longer one rather than cut it`, () => {
    const at = (n: number) => tool('long', { description: 'd'.repeat(n) });
    expect(buildCatalog([server('s', [...good, at(MAX_TOOL_DESCRIPTION_LENGTH)])]).rejections).toEqual([]);
    expect(buildCatalog([server('s', [...good, at(300_000)])]).rejections).toEqual([
      expect.objectContaining({
        tool: 'long',
        detail: `tool "long": description is 300000 characters; at most ${MAX_TOOL_DESCRIPTION_LENGTH} are accepted`,
      }),
    ]);
  });

  it('rejects a description holding NUL, which PostgreSQL cannot store', () => {
    const { rejections } = buildCatalog([server('s', [...good, tool('nul', { description: 'a\u0000b' })])]);
    expect(rejections).toEqual([expect.objectContaining({ tool: 'nul', detail: 'tool "nul": description holds a NUL character' })]);
  });

  it(`rejects a server whose description passes ${MAX_SERVER_DESCRIPTION_LENGTH} characters`, () => {
    const { servers, rejections } = buildCatalog([server('s', good, { description: 'i'.repeat(MAX_SERVER_DESCRIPTION_LENGTH + 1) })]);
    expect(servers).toEqual([]);
    expect(rejections[0]?.detail).toContain(`at most ${MAX_SERVER_DESCRIPTION_LENGTH}`);
  });
});

describe('what a rejection records', () => {
  it('quotes values cut short and escaped, and other values by kind', () => {
    expect(quote('a"b')).toBe('"a\\"b"');
    expect(quote('q'.repeat(500))).toBe(`"${'q'.repeat(100)}…"`);
    expect([quote(5), quote(null), quote(undefined), quote([1]), quote({ a: 1 })]).toEqual([
      '5',
      'null',
      'undefined',
      'a list',
      'an object',
    ]);
    expect(displayName('ok\u0000\n')).toBe('ok\uFFFD\uFFFD');
  });

  it('keeps the source name of a JSONL file storable, and the parser message free of NUL', () => {
    const { rejections } = readAstraJsonl('x\u0000y\n', `${'f'.repeat(300)}.jsonl`);
    expect(rejections).toHaveLength(1);
    expectStorable(rejections);
  });
});
