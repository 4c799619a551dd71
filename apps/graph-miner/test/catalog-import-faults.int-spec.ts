import { BusError, type ImportReport } from '@astra/contracts';
import { GraphMinerHarness } from './support/graph-miner.harness';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(60_000);

/** One ASTRA JSONL row: a server and its tools (input schemas given as JSON text, so they may nest past the stack). */
function row(server: string, tools: { name: string; schema?: string }[]): string {
  const list = tools.map((t) => `{"name":${JSON.stringify(t.name)},"description":"does ${t.name.replace(/[^a-z]/g, '')}","input_schema":${t.schema ?? '{"type":"object","properties":{"q":{"type":"string"}}}'}}`);
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

describe.each(['sqlite', 'postgres'] as const)('a fault in one source or server is its own failure, on %s', (kind) => {
  const world = new GraphMinerHarness(kind);

  beforeAll(async () => {
    await world.start();
    await world.startApp();
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
    expect(report.errors).toEqual([{ source: 'broken.json', code: 'CATALOG_SOURCE_INVALID', message: expect.stringContaining('not valid JSON') }]);

    const failed = (server: string) => report.rejections.find((r) => r.server.startsWith(server) && r.reason !== 'source_failed');
    // Until libs/domain bounds schema depth itself, normalising the deep tool overflows and fails its server.
    expect(failed('deep')).toMatchObject({ reason: expect.stringMatching(/^(server_failed|unmappable_schema)$/), detail: expect.stringMatching(/nested too deeply|depth/) });
    expect(failed('x'.repeat(100))).toMatchObject({ detail: expect.stringContaining('250 characters') });
    expect(failed('x'.repeat(100))?.server.length).toBeLessThanOrEqual(200);
    expect(failed('nul')).toMatchObject({ detail: expect.stringContaining('NUL') });
    expect(report.progress.done).toBe(report.progress.total);

    const listed = await world.cli.request('catalog.servers.list', {});
    expect(listed.servers.map((s) => s.name)).toEqual(['alpha', 'beta', 'gamma']);
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
