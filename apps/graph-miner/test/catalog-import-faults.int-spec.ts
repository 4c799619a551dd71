import { BusError, type ImportReport } from '@astra/contracts';
import type { CatalogServer } from '@astra/domain/catalog';
import { CatalogServerVersionEntity, CatalogVersionRepository, type StoredServer } from '@astra/persistence/graph-miner';
import { DataSource } from 'typeorm';
import { GraphMinerHarness } from './support/graph-miner.harness';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(60_000);

/** One ASTRA JSONL row: a server and its tools (input schemas given as JSON text, so they may nest past the stack). */
function row(server: string, tools: { name: string; schema?: string }[]): string {
  const list = tools.map(
    (t) =>
      `{"name":${JSON.stringify(t.name)},"description":"does ${t.name.replace(/[^a-z]/g, '')}","input_schema":${t.schema ?? '{"type":"object","properties":{"q":{"type":"string"}}}'}}`,
  );
  return `{"base_info":{"group_info":{"server_name":${JSON.stringify(server)}},"tool_list":[${list.join(',')}]}}`;
}

const three = (prefix: string) => [{ name: `${prefix}_get` }, { name: `${prefix}_list` }, { name: `${prefix}_put` }];
/** A parameters schema 5,000 objects deep: normalising it recursively overflows the stack. */
const DEEP = `${'{"type":"object","properties":{"x":'.repeat(5000)}{"type":"string"}${'}}'.repeat(5000)}`;
const LONG_NAME = 'x'.repeat(250);

const GOOD = ['alpha', 'beta', 'gamma'].map((name) => row(name, three(name))).join('\n');
const BAD = [
  // Two plain tools and the deep one: however the deep tool is refused, the server is not stored.
  row('deep', [{ name: 'deep_get' }, { name: 'deep_list' }, { name: 'deep_nested', schema: DEEP }]),
  row(LONG_NAME, three('long')),
  row('nul-tool', [{ name: 'nul\u0000get' }, { name: 'nul_list' }, { name: 'nul_put' }]),
].join('\n');

/**
 * The catalog's own bounds reject what a database would refuse before it is stored; this repository makes storing
 * fail as the database would for servers with these names, to show what the import does when that happens anyway.
 */
class FaultyVersions extends CatalogVersionRepository {
  private flaked = false;

  constructor(private readonly db: DataSource) {
    super(db);
  }

  override async storeServer(importId: string, server: CatalogServer, now: string): Promise<StoredServer> {
    // A name past its column: the persistence check refuses it on both databases (PostgreSQL would raise 22001).
    if (server.name === 'refused') return super.storeServer(importId, { ...server, name: 'r'.repeat(250) }, now);
    if (server.name === 'conflict') {
      // A real constraint violation from the driver that fails the same way every time: a NOT NULL column left null.
      const row = {
        id: 'c'.repeat(36),
        name: 'conflict',
        version: 1,
        origin: null,
        description: '',
        contentHash: 'h',
        toolCount: 0,
        metadata: {},
        importId,
        createdAt: now,
      };
      await this.db.getRepository(CatalogServerVersionEntity).insert(row as never);
    }
    if (server.name === 'flaky' && !this.flaked) {
      this.flaked = true;
      throw new Error('Connection terminated unexpectedly');
    }
    return super.storeServer(importId, server, now);
  }
}

describe.each(['sqlite', 'postgres'] as const)('a fault in one source or server is its own failure, on %s', (kind) => {
  const world = new GraphMinerHarness(kind);

  beforeAll(async () => {
    await world.start();
    await world.startApp([
      { provide: CatalogVersionRepository, useFactory: (db: DataSource) => new FaultyVersions(db), inject: [DataSource] },
    ]);
  });

  afterAll(async () => {
    await world.stop();
  });

  it('stores the good servers, reports each bad source and server with its reason, and completes at once', async () => {
    const good = await world.upload(`${GOOD}\n`);
    const bad = await world.upload(`${BAD}\n`);
    const broken = await world.upload('{ not json');
    await world.requestImport({
      importId: 'mixed',
      sources: [
        { type: 'astra-jsonl', filename: 'good.jsonl', artifact: good },
        { type: 'astra-jsonl', filename: 'bad.jsonl', artifact: bad },
        { type: 'openai-tools', filename: 'broken.json', artifact: broken },
      ],
    });
    const report: ImportReport = await world.waitForReport('mixed');

    // Final faults are not retried: one delivery, and the import is completed with what could be stored.
    expect(report).toMatchObject({ status: 'completed', attempts: 1, sources: 3, serversImported: 3, toolsImported: 9, errorsTotal: 1 });
    expect(report.error).toBeUndefined();
    expect(report.servers?.map((s) => s.name).sort()).toEqual(['alpha', 'beta', 'gamma']);
    expect(report.errors).toEqual([
      { source: 'broken.json', code: 'CATALOG_SOURCE_INVALID', message: expect.stringContaining('not valid JSON') },
    ]);

    // However each bad server is refused (the catalog's bounds, or the store), it is reported by name and not stored.
    const named = (prefix: string) =>
      report.rejections
        .filter((r) => r.server.startsWith(prefix))
        .map((r) => r.detail)
        .join(' | ');
    expect(report.rejections.find((r) => r.server === 'bad.jsonl' || r.server === 'deep')?.detail).toMatch(/deep|nested/);
    expect(named('x'.repeat(100))).toMatch(/250 characters/);
    expect(report.rejections.find((r) => r.server.startsWith('x'))?.server.length).toBeLessThanOrEqual(200);
    expect(named('nul-tool')).toMatch(/nul\\u0000get|NUL/);
    expect(report.progress.done).toBe(report.progress.total);

    const listed = await world.cli.request('catalog.servers.list', {});
    expect(listed.servers.map((s) => s.name)).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('records a server the store refuses as server_failed and goes on; a transient fault is retried', async () => {
    const file = ['alpha', 'refused', 'conflict', 'flaky', 'omega'].map((name) => row(name, three(name.replace(/[^a-z]/g, '')))).join('\n');
    await world.requestImport({
      importId: 'store-faults',
      sources: [{ type: 'astra-jsonl', filename: 'store.jsonl', artifact: await world.upload(`${file}\n`) }],
    });
    const report = await world.waitForReport('store-faults');

    // The lost connection was worth a second delivery; the refused values were not retried into the dead-letter queue.
    expect(report).toMatchObject({ status: 'completed', attempts: 2, serversImported: 3, errorsTotal: 0, progress: { done: 5, total: 5 } });
    expect(report.servers?.map((s) => s.name).sort()).toEqual(['alpha', 'flaky', 'omega']);
    expect(report.rejections).toEqual([
      {
        server: 'refused',
        reason: 'server_failed',
        detail: expect.stringMatching(
          /^VALIDATION_FAILED: cannot store server: server name "r+"\.\.\. is 250 characters; at most 200 are stored$/,
        ),
      },
      {
        server: 'conflict',
        reason: 'server_failed',
        detail: expect.stringMatching(/^CONFLICT: the database refuses the write \((23502|SQLITE_CONSTRAINT_NOTNULL)\)/),
      },
    ]);
  });

  it('refuses an import id the database could not hold where it enters, with a clear validation error', async () => {
    const artifact = await world.upload(`${GOOD}\n`);
    const sources = [{ type: 'astra-jsonl' as const, filename: 'good.jsonl', artifact }];
    for (const importId of ['i'.repeat(250), 'has space', '../etc']) {
      const refused = await world.requestImport({ importId, sources }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(BusError);
      expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('importId') });
    }
    const status = await world.cli.request('catalog.import.status', { importId: 'i'.repeat(250) }).catch((error: unknown) => error);
    expect(status).toMatchObject({ code: 'VALIDATION_FAILED' });
    const id200 = 'i'.repeat(200);
    await world.requestImport({ importId: id200, sources });
    expect(await world.waitForReport(id200)).toMatchObject({ importId: id200, status: 'completed', serversImported: 3 });
  });
});
