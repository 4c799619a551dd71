import { buildCatalog, type CatalogServer, type CatalogTool, mapMcpServer, type McpToolListing } from '@astra/domain/catalog';
import { createTestDatabases, type TestDatabase } from '@astra/platform/database';
import { BusError } from '@astra/contracts';
import { databaseFault } from '@astra/platform/database';
import type { DataSource } from 'typeorm';
import {
  CATALOG_ENTITIES,
  CATALOG_MIGRATIONS,
  CatalogImportRepository,
  CatalogServerVersionEntity,
  CatalogVersionRepository,
} from '../src';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(60_000);

const tool = (name: string, description = `does ${name}`): McpToolListing => ({
  name,
  description,
  inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
  outputSchema: { type: 'object', properties: { r: { type: 'string' } } },
});

const serverOf = (tools: McpToolListing[], name = 'notes') => {
  const server = buildCatalog([mapMcpServer(name, 'mcp-stdio', tools)]).servers[0];
  if (!server) throw new Error('fixture server was filtered out');
  return server;
};

describe.each(createTestDatabases({ service: 'graph-miner', entities: CATALOG_ENTITIES, migrations: CATALOG_MIGRATIONS }))(
  'catalog persistence on $name',
  (db: TestDatabase) => {
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
        outcome: 'new',
        serverVersion: 1,
        toolsImported: 3,
        toolsNewVersions: 0,
        toolsUnchanged: 0,
      });
      // Same importId again (a redelivery): the recorded outcome, no new rows.
      expect((await versions.storeServer('imp-1', first, '2026-01-01T00:00:01.000Z')).outcome).toBe('new');
      // Same content under a new import: unchanged.
      expect(await versions.storeServer('imp-2', first, '2026-01-02T00:00:00.000Z')).toEqual({
        outcome: 'unchanged',
        serverVersion: 1,
        toolsImported: 0,
        toolsNewVersions: 0,
        toolsUnchanged: 3,
      });
      expect(await versions.counts()).toEqual({ servers: 1, tools: 3, links: 3 });

      const changed = serverOf([tool('add'), tool('list', 'lists every note'), tool('remove')]);
      expect(await versions.storeServer('imp-3', changed, '2026-01-03T00:00:00.000Z')).toEqual({
        outcome: 'changed',
        serverVersion: 2,
        toolsImported: 0,
        toolsNewVersions: 1,
        toolsUnchanged: 2,
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

      // The name filter is text: _ and % match only themselves, and case does not matter.
      const three = [tool('add'), tool('list'), tool('remove')];
      for (const name of ['my_notes', 'myXnotes', 'pct%notes'])
        await versions.storeServer('imp-4', serverOf(three, name), '2026-01-04T00:00:00.000Z');
      expect((await versions.listLatestServers('MY_')).map((s) => s.name)).toEqual(['my_notes']);
      expect((await versions.listLatestServers('%')).map((s) => s.name)).toEqual(['pct%notes']);
      expect((await versions.listLatestServers('notes')).map((s) => s.name).sort()).toEqual(
        ['my_notes', 'myXnotes', 'notes', 'pct%notes'].sort(),
      );
    });

    it('keeps an import run with progress, items and rejections in order', async () => {
      expect(await imports.find('imp-9')).toBeNull();
      await imports.begin('imp-9', { sources: [1, 2] }, '2026-01-01T00:00:00.000Z');
      const again = await imports.begin('imp-9', { sources: [1, 2] }, '2026-01-01T00:00:05.000Z');
      expect(again).toEqual({
        jobId: 'imp-9',
        status: 'running',
        progress: { done: 0, total: 0 },
        attempts: 2,
        startedAt: '2026-01-01T00:00:00.000Z',
      });
      await imports.setProgress('imp-9', { done: 1, total: 4 }, '2026-01-01T00:00:06.000Z');
      await imports.setSourceErrors('imp-9', [{ source: 'x', code: 'MCP_SERVER_FAILED', message: 'boom' }], '2026-01-01T00:00:06.000Z');
      await imports.replaceRejections(
        'imp-9',
        [
          { server: 'file.jsonl', reason: 'malformed_line', detail: 'line 2: invalid JSON', line: 2 },
          { server: 'notes', tool: 'debug', reason: 'missing_description', detail: 'no description' },
        ],
        '2026-01-01T00:00:06.000Z',
      );
      await imports.replaceRejections(
        'imp-9',
        [
          { server: 'file.jsonl', reason: 'malformed_line', detail: 'line 2: invalid JSON', line: 2 },
          { server: 'notes', tool: 'debug', reason: 'missing_description', detail: 'no description' },
        ],
        '2026-01-01T00:00:07.000Z',
      );
      await imports.finish(
        'imp-9',
        { status: 'failed', error: { code: 'MCP_SERVER_FAILED', message: '1 source(s) failed: x' } },
        '2026-01-01T00:00:08.000Z',
      );
      const run = await imports.findRun('imp-9');
      expect(run).toMatchObject({
        status: 'failed',
        sourcesTotal: 2,
        serversTotal: 4,
        serversDone: 1,
        attempts: 2,
        finishedAt: '2026-01-01T00:00:08.000Z',
      });
      expect(await imports.find('imp-9')).toMatchObject({
        status: 'failed',
        progress: { done: 1, total: 4 },
        error: { code: 'MCP_SERVER_FAILED', message: '1 source(s) failed: x' },
      });
      expect(run?.errors).toEqual([{ source: 'x', code: 'MCP_SERVER_FAILED', message: 'boom' }]);
      expect(await imports.rejections('imp-9')).toEqual([
        { server: 'file.jsonl', reason: 'malformed_line', detail: 'line 2: invalid JSON', line: 2 },
        { server: 'notes', tool: 'debug', reason: 'missing_description', detail: 'no description' },
      ]);
    });

    // The catalog's bounds reject these before they reach a repository; the repository must hold its ground without them.
    const valid = () => serverOf([tool('a'), tool('b'), tool('c')], 'valid');
    const withTool = (change: Partial<CatalogTool>): CatalogServer => ({
      ...valid(),
      tools: valid().tools.map((t, i) => (i === 0 ? { ...t, ...change } : t)),
    });

    it.each([
      [
        'a 250-character server name',
        (): CatalogServer => ({ ...valid(), name: 'n'.repeat(250) }),
        /server name "n{40}"\.\.\. is 250 characters; at most 200 are stored/,
      ],
      ['a NUL in a tool name', () => withTool({ name: 'a\u0000b' }), /tool name "a\\u0000b" contains a NUL character/],
      ['a NUL in a description', () => withTool({ description: 'bad \u0000 text' }), /tool "a" description contains a NUL character/],
    ])('refuses %s before any write, with a final VALIDATION_FAILED', async (_what, server, message) => {
      const before = await versions.counts();
      const refused = await versions.storeServer('imp-bad', server(), '2026-01-04T00:00:00.000Z').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(BusError);
      expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', retryable: false, message: expect.stringMatching(message) });
      expect(await versions.counts()).toEqual(before);
      expect(await imports.itemsPage('imp-bad', undefined, 10)).toEqual([]);
    });

    it('counts a name in characters as PostgreSQL does: 200 emoji are 400 UTF-16 units and still fit', async () => {
      const name = '\u{1F600}'.repeat(200);
      expect((await versions.storeServer('imp-emoji', { ...valid(), name }, '2026-01-05T00:00:00.000Z')).outcome).toBe('new');
      expect((await versions.findServerVersion(name))?.name).toBe(name);
    });

    it('records a rejection whose names and detail a column could not hold, shortened and without NUL', async () => {
      await imports.begin('imp-long', { sources: [1] }, '2026-01-06T00:00:00.000Z');
      await imports.replaceRejections(
        'imp-long',
        [{ server: 's'.repeat(250), tool: 't\u0000'.repeat(150), reason: 'server_failed', detail: `bad\u0000${'d'.repeat(5000)}` }],
        '2026-01-06T00:00:00.000Z',
      );
      await imports.addRejections(
        'imp-long',
        [{ server: 'later', reason: 'server_failed', detail: 'found while storing' }],
        '2026-01-06T00:00:01.000Z',
      );
      const [first, second] = await imports.rejections('imp-long');
      expect(first?.server).toBe(`${'s'.repeat(199)}\u2026`);
      expect(first?.tool).toBe(`${'t\uFFFD'.repeat(99)}t\u2026`);
      expect(first?.detail).toHaveLength(2000);
      expect(first?.detail.startsWith('bad\uFFFDddd')).toBe(true);
      expect(second).toEqual({ server: 'later', reason: 'server_failed', detail: 'found while storing' });
      expect((await imports.rejectionsPage('imp-long', 0, 10)).map((r) => r.position)).toEqual([1]);
    });

    it('classifies what the database itself refuses as final, where it refuses it', async () => {
      // Past the check, straight into the table: PostgreSQL refuses a 250-character name (22001), SQLite stores it.
      const row = {
        id: 'f'.repeat(36),
        name: 'x'.repeat(250),
        version: 1,
        origin: 'test',
        description: '',
        contentHash: 'h',
        toolCount: 0,
        metadata: {},
        importId: 'imp-raw',
        createdAt: '2026-01-07T00:00:00.000Z',
      };
      const error = await dataSource
        .getRepository(CatalogServerVersionEntity)
        .insert(row)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      if (db.name === 'postgres') {
        expect(databaseFault(error)).toMatchObject({
          code: 'VALIDATION_FAILED',
          retryable: false,
          message: expect.stringContaining('22001'),
        });
      } else {
        expect(error).toBeUndefined();
      }
    });
  },
);
