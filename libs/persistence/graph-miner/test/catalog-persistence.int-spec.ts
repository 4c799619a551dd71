import { buildCatalog, mapMcpServer, type McpToolListing } from '@astra/domain/catalog';
import { createTestDatabases, type TestDatabase } from '@astra/platform/database';
import type { DataSource } from 'typeorm';
import { CATALOG_ENTITIES, CATALOG_MIGRATIONS, CatalogImportRepository, CatalogVersionRepository } from '../src';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(60_000);

const tool = (name: string, description = `does ${name}`): McpToolListing => ({
  name,
  description,
  inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
  outputSchema: { type: 'object', properties: { r: { type: 'string' } } },
});

const serverOf = (tools: McpToolListing[]) => {
  const server = buildCatalog([mapMcpServer('notes', 'mcp-stdio', tools)]).servers[0];
  if (!server) throw new Error('fixture server was filtered out');
  return server;
};

describe.each(createTestDatabases({ service: 'graph-miner', entities: CATALOG_ENTITIES, migrations: CATALOG_MIGRATIONS }))('catalog persistence on $name', (db: TestDatabase) => {
  let dataSource: DataSource;
  let versions: CatalogVersionRepository;
  let imports: CatalogImportRepository;

  beforeAll(async () => {
    dataSource = await db.open();
    versions = new CatalogVersionRepository(dataSource);
    imports = new CatalogImportRepository(dataSource);
  });

  afterAll(async () => {
    await db.cleanup();
  });

  it('stores a server once, changes nothing on re-import, and versions a changed tool', async () => {
    const first = serverOf([tool('add'), tool('list'), tool('remove')]);
    expect(await versions.storeServer('imp-1', first, '2026-01-01T00:00:00.000Z')).toEqual({
      outcome: 'new', serverVersion: 1, toolsImported: 3, toolsNewVersions: 0, toolsUnchanged: 0,
    });
    // Same importId again (a redelivery): the recorded outcome, no new rows.
    expect((await versions.storeServer('imp-1', first, '2026-01-01T00:00:01.000Z')).outcome).toBe('new');
    // Same content under a new import: unchanged.
    expect(await versions.storeServer('imp-2', first, '2026-01-02T00:00:00.000Z')).toEqual({
      outcome: 'unchanged', serverVersion: 1, toolsImported: 0, toolsNewVersions: 0, toolsUnchanged: 3,
    });
    expect(await versions.counts()).toEqual({ servers: 1, tools: 3, links: 3 });

    const changed = serverOf([tool('add'), tool('list', 'lists every note'), tool('remove')]);
    expect(await versions.storeServer('imp-3', changed, '2026-01-03T00:00:00.000Z')).toEqual({
      outcome: 'changed', serverVersion: 2, toolsImported: 0, toolsNewVersions: 1, toolsUnchanged: 2,
    });
    expect(await versions.counts()).toEqual({ servers: 2, tools: 4, links: 6 });

    const latest = await versions.findServer('notes');
    expect(latest?.server.version).toBe(2);
    expect(latest?.tools.map((t) => [t.name, t.version, t.description])).toEqual([
      ['add', 1, 'does add'],
      ['list', 2, 'lists every note'],
      ['remove', 1, 'does remove'],
    ]);
    expect(latest?.tools[0]?.outputSchema).toEqual({ type: 'object', properties: { r: { type: 'string' } } });
    expect((await versions.findServer('notes', 1))?.tools.map((t) => t.version)).toEqual([1, 1, 1]);
    expect(await versions.findServer('nope')).toBeNull();
    expect((await versions.listLatestServers()).map((s) => [s.name, s.version, s.toolCount])).toEqual([['notes', 2, 3]]);
    expect(await versions.listLatestServers('zzz')).toEqual([]);
  });

  it('keeps an import run with progress, items and rejections in order', async () => {
    expect(await imports.find('imp-9')).toBeNull();
    await imports.begin('imp-9', { sources: [1, 2] }, '2026-01-01T00:00:00.000Z');
    const again = await imports.begin('imp-9', { sources: [1, 2] }, '2026-01-01T00:00:05.000Z');
    expect(again).toEqual({ jobId: 'imp-9', status: 'running', progress: { done: 0, total: 0 }, attempts: 2, startedAt: '2026-01-01T00:00:00.000Z' });
    await imports.setProgress('imp-9', { done: 1, total: 4 }, '2026-01-01T00:00:06.000Z');
    await imports.setSourceErrors('imp-9', [{ source: 'x', code: 'MCP_SERVER_FAILED', message: 'boom' }], '2026-01-01T00:00:06.000Z');
    await imports.replaceRejections('imp-9', [
      { server: 'file.jsonl', reason: 'malformed_line', detail: 'line 2: invalid JSON', line: 2 },
      { server: 'notes', tool: 'debug', reason: 'missing_description', detail: 'no description' },
    ], '2026-01-01T00:00:06.000Z');
    await imports.replaceRejections('imp-9', [
      { server: 'file.jsonl', reason: 'malformed_line', detail: 'line 2: invalid JSON', line: 2 },
      { server: 'notes', tool: 'debug', reason: 'missing_description', detail: 'no description' },
    ], '2026-01-01T00:00:07.000Z');
    await imports.finish('imp-9', { status: 'failed', error: { code: 'MCP_SERVER_FAILED', message: '1 source(s) failed: x' } }, '2026-01-01T00:00:08.000Z');
    const run = await imports.findRun('imp-9');
    expect(run).toMatchObject({ status: 'failed', sourcesTotal: 2, serversTotal: 4, serversDone: 1, attempts: 2, finishedAt: '2026-01-01T00:00:08.000Z' });
    expect(await imports.find('imp-9')).toMatchObject({ status: 'failed', progress: { done: 1, total: 4 }, error: { code: 'MCP_SERVER_FAILED', message: '1 source(s) failed: x' } });
    expect(run?.errors).toEqual([{ source: 'x', code: 'MCP_SERVER_FAILED', message: 'boom' }]);
    expect(await imports.rejections('imp-9')).toEqual([
      { server: 'file.jsonl', reason: 'malformed_line', detail: 'line 2: invalid JSON', line: 2 },
      { server: 'notes', tool: 'debug', reason: 'missing_description', detail: 'no description' },
    ]);
  });
});
