import { randomUUID } from 'node:crypto';
import type { BuiltGraph, PayloadInputOf, Registry, ResponseOf } from '@astra/contracts';
import { graphFromJson, graphToJson, graphToText } from '@astra/domain/tool-graph';
import {
  CatalogImportItemEntity,
  CatalogImportRepository,
  CatalogServerToolEntity,
  CatalogServerVersionEntity,
  CatalogToolVersionEntity,
  GraphJobEntity,
  ToolChainEntity,
  ToolGraphEntity,
} from '@astra/persistence/graph-miner';
import { DataSource, type ObjectLiteral } from 'typeorm';
import { GraphMinerHarness } from './support/graph-miner.harness';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(120_000);

/** NATS's default max_payload, which the test server keeps: a reply larger than this cannot be sent. */
const MAX_PAYLOAD = 1024 * 1024;
const NOW = '2026-02-01T00:00:00.000Z';
type PagedKey =
  'catalog.servers.list' | 'catalog.server.show' | 'catalog.import.entries' | 'graph.job.status' | 'chains.list' | 'graph.show';
const pad = (i: number) => String(i).padStart(5, '0');

/** One world on one database, with the helpers these tests share. */
function largeWorld(kind: 'sqlite' | 'postgres') {
  const world = new GraphMinerHarness(kind);
  let db: DataSource;

  /** Rows straight into a table, in chunks: these tests are about reading large data, not about importing it. */
  async function insert<T extends ObjectLiteral>(entity: new () => T, rows: T[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) await db.getRepository(entity).insert(rows.slice(i, i + 500));
  }

  /** Every page of a paginated RPC, checking that each reply stays under the payload limit. */
  async function allPages<K extends PagedKey, T>(
    key: K,
    payload: PayloadInputOf<Registry, K>,
    itemsOf: (page: ResponseOf<Registry, K>) => T[],
  ) {
    const items: T[] = [];
    let pages = 0;
    for (let cursor: string | undefined, first = true; first || cursor !== undefined; first = false) {
      const page: ResponseOf<Registry, K> = await world.cli.request<K>(key, { ...payload, ...(cursor ? { cursor } : {}) });
      expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThan(MAX_PAYLOAD);
      items.push(...itemsOf(page));
      cursor = (page as { nextCursor?: string }).nextCursor;
      pages += 1;
    }
    return { items, pages };
  }

  const server = (name: string, version: number, toolCount: number): CatalogServerVersionEntity => ({
    id: randomUUID(),
    name,
    version,
    origin: 'astra-jsonl',
    description: '',
    contentHash: 'h'.repeat(64),
    toolCount,
    metadata: {},
    importId: 'seed',
    createdAt: NOW,
  });

  beforeAll(async () => {
    await world.start();
    db = (await world.startApp()).get(DataSource);
  });

  afterAll(async () => {
    await world.stop();
  });

  return { world, insert, allPages, server, dataSource: () => db };
}

describe.each(['sqlite', 'postgres'] as const)("listings page in each database's own order, on %s", (kind) => {
  const { insert, allPages, server } = largeWorld(kind);

  it('lists 6,000 servers completely through pages, latest versions only, also under a filter', async () => {
    // Names whose order differs between collations and byte order: each database pages in its own order.
    const names = [
      ...Array.from({ length: 6000 }, (_, i) => `srv-${pad(i)}`),
      'Alpha',
      'alpha',
      'a-b',
      'ab',
      'a b',
      'äpfel',
      '\u{1F600}-emoji',
    ];
    await insert(
      CatalogServerVersionEntity,
      names.map((name) => server(name, 1, 3)),
    );
    await insert(
      CatalogServerVersionEntity,
      names.slice(0, 50).map((name) => server(name, 2, 7)),
    );

    const { items, pages } = await allPages('catalog.servers.list', {}, (page) => page.servers);
    expect(pages).toBeGreaterThan(10);
    expect(items).toHaveLength(names.length);
    expect(new Set(items.map((s) => s.name))).toEqual(new Set(names));
    expect(items.filter((s) => s.version === 2).map((s) => s.toolCount)).toEqual(Array(50).fill(7));

    const filtered = await allPages('catalog.servers.list', { nameContains: 'SRV-01', limit: 300 }, (page) => page.servers);
    expect(filtered.items.map((s) => s.name)).toEqual(Array.from({ length: 1000 }, (_, i) => `srv-${pad(1000 + i)}`));
    expect(filtered.pages).toBe(4);
  });

  it('pages chains with equal creation times without skipping or repeating one', async () => {
    const base = server('chained', 1, 3);
    await insert(CatalogServerVersionEntity, [base]);
    const graph = {
      id: randomUUID(),
      serverName: 'chained',
      serverVersionId: base.id,
      serverVersion: 1,
      strategy: 'structural',
      optionsHash: 'o'.repeat(64),
      edgeCount: 0,
      graph: '{}',
      invalidAnswers: 0,
      createdAt: NOW,
      jobId: null,
    };
    await insert(ToolGraphEntity, [graph]);
    // Same creation time for all: the id breaks ties.
    const chains: ToolChainEntity[] = Array.from({ length: 2500 }, (_, i) => ({
      id: randomUUID(),
      serverName: ['a-srv', 'B-srv', 'c srv'][i % 3] ?? 'a-srv',
      serverVersionId: base.id,
      serverVersion: 1,
      graphId: graph.id,
      sequenceHash: pad(i).padEnd(64, '0'),
      tools: ['first_tool', 'second_tool', 'third_tool'],
      length: 3,
      seed: 1,
      createdAt: NOW,
    }));
    await insert(ToolChainEntity, chains);
    const listed = await allPages('chains.list', { limit: 1000 }, (page) => page.chains);
    expect(listed.pages).toBe(3);
    expect(listed.items).toHaveLength(2500);
    expect(new Set(listed.items.map((c) => c.id))).toEqual(new Set(chains.map((c) => c.id)));
  });
});

describe('answers that grow with the data come in pages that fit the bus', () => {
  const { world, insert, allPages, server, dataSource } = largeWorld('sqlite');

  it('shows a server with 10,000 tools completely through pages', async () => {
    const huge = server('huge', 1, 10_000);
    const tools: CatalogToolVersionEntity[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: randomUUID(),
      serverName: 'huge',
      name: `tool_${pad(i)}`,
      version: 1,
      description: `does thing ${i} `.repeat(20),
      parameters: {
        type: 'object',
        properties: { id: { type: 'string', description: 'which one' }, depth: { type: 'integer' } },
        required: ['id'],
      },
      outputSchema: { type: 'object', properties: { result: { type: 'string' } } },
      contentHash: 'c'.repeat(64),
      importId: 'seed',
      createdAt: NOW,
    }));
    await insert(CatalogServerVersionEntity, [huge]);
    await insert(CatalogToolVersionEntity, tools);
    await insert(
      CatalogServerToolEntity,
      tools.map((tool) => ({ serverVersionId: huge.id, toolVersionId: tool.id })),
    );

    const { items, pages } = await allPages('catalog.server.show', { name: 'huge', limit: 1000 }, (page) => page.tools);
    // About 900 bytes a tool: the byte budget, not the limit, ends these pages.
    expect(pages).toBeGreaterThan(10);
    expect(items.map((t) => t.name)).toEqual(tools.map((t) => t.name));
    expect(items[1234]?.openai).toMatchObject({ type: 'function', function: { name: 'tool_01234', parameters: { required: ['id'] } } });
  });

  it('keeps the status of an import of 11,000 servers small, and pages its servers and rejections', async () => {
    const imports = new CatalogImportRepository(dataSource());
    await imports.begin('big', { sources: [1] }, NOW);
    await insert(
      CatalogImportItemEntity,
      Array.from({ length: 11_000 }, (_, i) => ({
        importId: 'big',
        serverName: `srv-${pad(i)}`,
        contentHash: 'h'.repeat(64),
        outcome: 'new' as const,
        serverVersion: 1,
        toolsImported: 3,
        toolsNewVersions: 0,
        toolsUnchanged: 0,
        createdAt: NOW,
      })),
    );
    await imports.replaceRejections(
      'big',
      Array.from({ length: 11_000 }, (_, i) => ({ server: `small-${pad(i)}`, reason: 'too_few_tools' as const, detail: 'x'.repeat(300) })),
      NOW,
    );
    await imports.setProgress('big', { done: 11_000, total: 11_000 }, NOW);
    await imports.finish('big', { status: 'completed', result: undefined }, NOW);

    const status = await world.cli.request('catalog.import.status', { importId: 'big' });
    expect(Buffer.byteLength(JSON.stringify(status))).toBeLessThan(64 * 1024);
    expect(status).toMatchObject({
      status: 'completed',
      serversImported: 11_000,
      toolsImported: 33_000,
      serversSeen: 22_000,
      rejectionsTotal: 11_000,
      errorsTotal: 0,
    });
    expect(status.servers).toHaveLength(20);

    const servers = await allPages('catalog.import.entries', { importId: 'big', part: 'servers' }, (page) => page.servers ?? []);
    expect(servers.items.map((s) => s.name)).toEqual(Array.from({ length: 11_000 }, (_, i) => `srv-${pad(i)}`));
    const rejections = await allPages('catalog.import.entries', { importId: 'big', part: 'rejections' }, (page) => page.rejections ?? []);
    expect(rejections.items.map((r) => r.server)).toEqual(Array.from({ length: 11_000 }, (_, i) => `small-${pad(i)}`));
    expect(rejections.pages).toBeGreaterThan(10);
  });

  it('pages the graphs of a 17,000-server build in its job status', async () => {
    const graphs: BuiltGraph[] = Array.from({ length: 17_000 }, (_, i) => ({
      server: `srv-${pad(i)}`,
      version: 1,
      strategy: 'structural',
      edges: i % 40,
      rejectedNames: ['made_up_tool_name'],
      invalidAnswers: 0,
      created: true,
      stored: true,
    }));
    const job: GraphJobEntity = {
      jobId: 'build-17k',
      kind: 'graph-build',
      status: 'completed',
      request: '{}',
      done: 17_000,
      total: 17_000,
      attempts: 1,
      result: JSON.stringify({ graphs }),
      error: null,
      startedAt: NOW,
      updatedAt: NOW,
      finishedAt: NOW,
    };
    await insert(GraphJobEntity, [job]);

    const first = await world.cli.request('graph.job.status', { jobId: 'build-17k' });
    expect(first).toMatchObject({ status: 'completed', graphsTotal: 17_000, progress: { done: 17_000, total: 17_000 } });
    expect(first.graphs).toHaveLength(200);
    const all = await allPages('graph.job.status', { jobId: 'build-17k', limit: 1000 }, (page) => page.graphs ?? []);
    expect(all.items).toEqual(graphs);
  });

  it('sends a graph too large for one answer in pieces that join into its text', async () => {
    const base = server('big-graph', 1, 10_000);
    await insert(CatalogServerVersionEntity, [base]);
    const tools = Array.from({ length: 10_000 }, (_, i) => `tool_${pad(i)}`);
    // Each tool feeds the next three: 30,000 edges, about 0.85 MB as text.
    const edges = tools.flatMap((from, i) =>
      [1, 2, 3].flatMap((step) => {
        const to = tools[i + step];
        return to === undefined ? [] : [{ from, to, weight: 0.5, evidence: [{ kind: 'lexical' as const, parameter: 'id', score: 0.5 }] }];
      }),
    );
    const json = graphToJson({ server: 'big-graph', strategy: 'structural', tools, rejected: [], edges });
    const row = {
      id: randomUUID(),
      serverName: 'big-graph',
      serverVersionId: base.id,
      serverVersion: 1,
      strategy: 'structural',
      optionsHash: 'o'.repeat(64),
      edgeCount: edges.length,
      graph: json,
      invalidAnswers: 0,
      createdAt: NOW,
      jobId: null,
    };
    await insert(ToolGraphEntity, [row]);
    const shown = await allPages('graph.show', { server: 'big-graph', format: 'text' }, (page) => [page.text]);
    expect(shown.pages).toBeGreaterThan(1);
    expect(shown.items.join('')).toBe(graphToText(graphFromJson(json)));

    // A newer graph stored between two pieces does not mix into the text being followed.
    const first = await world.cli.request('graph.show', { server: 'big-graph', format: 'text' });
    const newer = graphToJson({ server: 'big-graph', strategy: 'structural', tools: ['only_tool'], rejected: [], edges: [] });
    await insert(ToolGraphEntity, [
      { ...row, id: randomUUID(), optionsHash: 'n'.repeat(64), graph: newer, edgeCount: 0, createdAt: '2026-03-01T00:00:00.000Z' },
    ]);
    let text = first.text;
    for (let cursor = first.nextCursor; cursor !== undefined;) {
      const page = await world.cli.request('graph.show', { server: 'big-graph', format: 'text', cursor });
      text += page.text;
      cursor = page.nextCursor;
    }
    expect(text).toBe(graphToText(graphFromJson(json)));
    expect((await world.cli.request('graph.show', { server: 'big-graph', format: 'text' })).text).toBe(graphToText(graphFromJson(newer)));
  });
});
