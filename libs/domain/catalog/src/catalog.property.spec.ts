import fc from 'fast-check';
import { mapAstraRow, readAstraJsonl } from './astra-row.mapper';
import { isPlainObject, normalizeParameters, normalizeSchema } from './json-schema.normalizer';
import { buildCatalog } from './catalog-filter';
import { MAX_SERVER_NAME_LENGTH, TOOL_NAME_PATTERN } from './catalog-limits';
import type { CatalogRejection, RawServer, RawTool } from './catalog.types';
import { parseJsonl } from './jsonl';
import { mapMcpServer, type McpToolListing } from './mcp-tool.mapper';
import { mapOpenAiTool, mapOpenAiToolsFile, openAiToolList } from './openai-tool.mapper';
import { cpuMsOf } from '@astra/testing';

// Properties over arbitrary catalog input: the parsers never throw (except openAiToolList's documented Error), what
// they keep satisfies the catalog's rules, every rejection is storable, and one call never stalls the event loop.

/**
 * The CPU time of one synchronous call, in milliseconds: how long it holds the event loop on an idle machine.
 * Wall time is not used: on a shared machine it grows with every other process (5x at a load of 10 on 2 cores).
 */

// The stall threshold. The hostile inputs below (up to 1 MB names and descriptions, 20,000-deep schemas)
// take these functions a few milliseconds once bounded; unbounded, they overflowed the stack or took seconds.
const STALL_MS = 100;

/** Strings that hit the bounds: control characters, quotes, dots, slashes, and lengths around the limits. */
const awkwardString = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.stringMatching(/^[a-z_]{1,12}$/),
  fc.constantFrom(
    'get weather',
    'a/b',
    'a.b',
    'nul\u0000x',
    'esc\u001b',
    '\uD800',
    'ok_name',
    'x'.repeat(64),
    'x'.repeat(65),
    's'.repeat(201),
  ),
);

/** Schema-like values: known and unknown type names at several depths, plus any JSON. */
const schemaLike: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 3 }),
    fc.record(
      {
        type: fc.constantFrom('object', 'dict', 'str', 'int', 'list', 'any', 'matrix', 'toString', ['string', 'null'], 5),
        properties: fc.dictionary(awkwardString, tie('schema'), { maxKeys: 3 }),
        items: tie('schema'),
        anyOf: fc.array(tie('schema'), { maxLength: 2 }),
        required: fc.oneof(fc.array(fc.string(), { maxLength: 2 }), fc.constant(true)),
        default: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    ),
  ),
})).schema;

/** `depth` nested copies of one of the ways a schema can nest, built in a loop. */
function deep(kind: number, depth: number): unknown {
  let value: unknown = { type: 'string' };
  for (let i = 0; i < depth; i++) {
    if (kind === 0) value = { type: 'object', properties: { a: value } };
    else if (kind === 1) value = { type: 'array', items: value };
    else if (kind === 2) value = { anyOf: [value] };
    else value = { type: 'object', default: [value] };
  }
  return value;
}

const rawTool: fc.Arbitrary<RawTool> = fc.record({
  name: fc.oneof(awkwardString, fc.anything({ maxDepth: 1 })),
  description: fc.oneof(fc.string({ maxLength: 40 }), fc.constant(undefined), fc.constant('a\u0000b')),
  inputSchema: fc.oneof(
    schemaLike,
    fc.tuple(fc.nat(3), fc.integer({ min: 0, max: 300 })).map(([kind, depth]) => deep(kind, depth)),
  ),
  outputSchema: fc.option(schemaLike, { nil: undefined }),
});

const rawServer: fc.Arbitrary<RawServer> = fc.record({
  name: awkwardString,
  origin: fc.constant('mcp-stdio'),
  description: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
  metadata: fc.option(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }), { nil: undefined }),
  tools: fc.array(rawTool, { maxLength: 6 }),
});

function expectStorable(rejections: readonly CatalogRejection[]): void {
  for (const r of rejections) {
    expect(r.server.length).toBeLessThanOrEqual(MAX_SERVER_NAME_LENGTH);
    expect((r.tool ?? '').length).toBeLessThanOrEqual(MAX_SERVER_NAME_LENGTH);
    expect(`${r.server}${r.tool ?? ''}${r.detail}`).not.toContain('\u0000');
  }
}

describe('catalog parsing of any input', () => {
  it('parseJsonl and readAstraJsonl never throw, keep line order and record storable rejections', () => {
    const row = rawServer.map((s) => JSON.stringify({ base_info: { group_info: { server_name: s.name }, tool_list: s.tools } }));
    const line = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      row,
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 5 }), fc.constantFrom('\n', '\r\n'), awkwardString, (lines, eol, source) => {
        const text = lines.join(eol);
        const { rows, errors } = parseJsonl(text);
        const numbers = [...rows.map((r) => r.line), ...errors.map((e) => e.line)];
        expect(new Set(numbers).size).toBe(numbers.length);
        expect(rows.map((r) => r.line)).toEqual([...rows.map((r) => r.line)].sort((a, b) => a - b));
        expectStorable(readAstraJsonl(text, source).rejections);
      }),
      { numRuns: 100 },
    );
  });

  it('mapAstraRow and mapOpenAiTool never throw; openAiToolList throws only its documented error', () => {
    fc.assert(
      fc.property(fc.anything(), fc.integer({ min: 1, max: 1000 }), (value, line) => {
        const row = mapAstraRow(value, line);
        if (row.ok) expect(row.server.name.trim()).not.toBe('');
        else expect(row.error).toMatch(new RegExp(`^line ${line}: `));
        mapOpenAiTool(value);
        try {
          expect(Array.isArray(openAiToolList(value))).toBe(true);
        } catch (error) {
          expect((error as Error).message).toBe('expected a list of tool definitions or an object with a "tools" list');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('normalised schemas are objects, and parameters always object schemas', () => {
    fc.assert(
      fc.property(fc.oneof(schemaLike, fc.anything()), (schema) => {
        const any = normalizeSchema(schema);
        if (any.ok) expect(isPlainObject(any.schema)).toBe(true);
        const parameters = normalizeParameters(schema);
        if (parameters.ok) {
          expect(parameters.schema.type).toBe('object');
          expect(isPlainObject(parameters.schema.properties)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('buildCatalog never throws, keeps only valid names, and accounts for every tool', () => {
    fc.assert(
      fc.property(fc.array(rawServer, { maxLength: 3 }), (servers) => {
        const { servers: kept, rejections } = buildCatalog(servers, { minTools: 1 });
        expectStorable(rejections);
        for (const server of kept) {
          expect(server.name.length).toBeLessThanOrEqual(MAX_SERVER_NAME_LENGTH);
          for (const tool of server.tools) {
            expect(tool.name).toMatch(TOOL_NAME_PATTERN);
            expect(tool.parameters.type).toBe('object');
          }
          const raw = servers.filter((s) => s.name === server.name).flatMap((s) => s.tools);
          const toolRejections = rejections.filter((r) => r.server === server.name && r.reason !== 'too_few_tools');
          expect(server.tools.length + toolRejections.length).toBe(raw.length);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('catalog parsing of huge input', () => {
  it('returns within the stall bound and rejects what passes the limits', () => {
    const hostile = fc.noShrink(
      fc.record({
        field: fc.constantFrom('name', 'server', 'description', 'schema', 'row'),
        size: fc.integer({ min: 1_000, max: 1_000_000 }),
        kind: fc.nat(3),
      }),
    );
    fc.assert(
      fc.property(hostile, ({ field, size, kind }) => {
        const tools: McpToolListing[] = ['a', 'b', 'c'].map((n) => ({ name: n, description: n, inputSchema: {} }));
        if (field === 'name') tools.push({ name: 'n'.repeat(size), description: 'd', inputSchema: {} });
        if (field === 'description') tools.push({ name: 'd', description: 'D'.repeat(size), inputSchema: {} });
        if (field === 'schema') tools.push({ name: 's', description: 'd', inputSchema: deep(kind, Math.min(size, 20_000)) });
        const raw = mapMcpServer(field === 'server' ? 'S'.repeat(size) : 'srv', 'mcp-stdio', tools);
        let rejections: CatalogRejection[] = [];
        expect(cpuMsOf(() => (rejections = buildCatalog([raw]).rejections))).toBeLessThan(STALL_MS);
        if (size > 20_000 && field !== 'row') expect(rejections.length).toBeGreaterThan(0);
        const half = Math.floor(size / 2);
        const line = `{"base_info":{"group_info":{"server_name":"x"},"tool_list":${'['.repeat(half)}${']'.repeat(half)}}}`;
        if (field === 'row') expect(cpuMsOf(() => readAstraJsonl(line, 'f.jsonl'))).toBeLessThan(STALL_MS);
        expect(cpuMsOf(() => mapOpenAiToolsFile([{ name: 'x', parameters: deep(kind, 20_000) }], 'f'))).toBeLessThan(STALL_MS);
      }),
      { numRuns: 20 },
    );
  });
});
