import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportReport } from '@astra/contracts';
import { NatsBus } from '@astra/platform/bus';
import { waitFor } from '@astra/testing';
import { E2E } from './support/e2e.config';
import { GraphMinerHarness } from './support/graph-miner-harness';

jest.setTimeout(240_000);

// Enough servers that storing them takes a while, so the kill lands with some stored and some not.
const SERVERS = 3000;
// A crashed instance's import is redelivered once the ack wait passes without a heartbeat.
const ACK_WAIT = { BUS_ACK_WAIT_MS: '2000' };

function catalogJsonl(): string {
  const rows = Array.from({ length: SERVERS }, (_, s) =>
    JSON.stringify({
      base_info: {
        group_info: { server_name: `crash-${s}` },
        tool_list: ['list', 'get', 'delete'].map((verb) => ({
          name: `${verb}_item_${s}`,
          description: `${verb} an item of store ${s}`,
          parameters: { type: 'object', properties: { item_id: { type: 'string' } }, required: verb === 'list' ? [] : ['item_id'] },
        })),
      },
    }),
  );
  return `${rows.join('\n')}\n`;
}

describe('graph-miner killed with SIGKILL in the middle of an import', () => {
  const gm = new GraphMinerHarness();
  const dir = mkdtempSync(join(tmpdir(), 'astra-e2e-crash-'));
  const file = join(dir, 'servers.jsonl');
  const client = new NatsBus({ service: 'cli', servers: E2E.natsUrl, namespace: gm.namespace });
  const status = (): Promise<ImportReport> => client.request('catalog.import.status', { importId: 'crash' });

  /** Every item of a paginated answer, following nextCursor from the first page. */
  async function allPages<P extends { nextCursor?: string }, T>(
    fetch: (cursor?: string) => Promise<P>,
    itemsOf: (page: P) => T[] | undefined,
  ): Promise<T[]> {
    const items: T[] = [];
    for (let cursor: string | undefined, first = true; first || cursor !== undefined; first = false) {
      const page = await fetch(cursor);
      items.push(...(itemsOf(page) ?? []));
      cursor = page.nextCursor;
    }
    return items;
  }

  beforeAll(async () => {
    writeFileSync(file, catalogJsonl());
    await client.connect();
    await gm.start(ACK_WAIT);
  });

  afterAll(async () => {
    await client.close();
    await gm.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes on the next instance and stores every server exactly once', async () => {
    // The CLI follows the import; it gives up when its service dies, which is not what this test is about.
    const following = gm.cli(['catalog', 'import', file, '--import-id', 'crash', '--timeout', '200']);
    const midway = await waitFor(
      async () => {
        const report = await status().catch(() => undefined);
        return report && report.progress.done >= 200 ? report : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 5, what: 'the import to store 200 servers' },
    );
    gm.service.kill();
    expect(midway.progress.done).toBeLessThan(SERVERS);

    await gm.start(ACK_WAIT);
    const done = await waitFor(
      async () => {
        const report = await status().catch(() => undefined);
        return report?.status === 'completed' ? report : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 200, what: 'the redelivered import to complete' },
    );
    expect(done).toMatchObject({
      serversSeen: SERVERS,
      serversImported: SERVERS,
      toolsImported: 3 * SERVERS,
      progress: { done: SERVERS, total: SERVERS },
    });
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    const stored = await allPages(
      (cursor) => client.request('catalog.import.entries', { importId: 'crash', part: 'servers', ...(cursor ? { cursor } : {}) }),
      (page) => page.servers,
    );
    expect(stored).toHaveLength(SERVERS);
    expect(new Set(stored.map((s) => s.name)).size).toBe(SERVERS);

    const listed = await allPages(
      (cursor) => client.request('catalog.servers.list', cursor ? { cursor } : {}),
      (page) => page.servers,
    );
    const crashed = listed.filter((s) => s.name.startsWith('crash-'));
    expect(crashed).toHaveLength(SERVERS);
    expect(crashed.every((s) => s.version === 1 && s.toolCount === 3)).toBe(true);
    await following;
  });
});
