import type { Provider } from '@nestjs/common';
import type { CatalogServer } from '@astra/domain/catalog';
import { CatalogImportRepository, CatalogVersionRepository, type StoredServer } from '@astra/persistence/graph-miner';
import { WorkCancellation } from '@astra/platform/jobs';
import { waitFor } from '@astra/testing';
import { DataSource } from 'typeorm';
import { GraphMinerHarness } from './support/graph-miner.harness';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(60_000);

const SERVERS = 6;
const STOP_AFTER = 2;

/** Six ASTRA rows of three tools each. */
function catalogJsonl(): string {
  return Array.from({ length: SERVERS }, (_, s) =>
    JSON.stringify({
      base_info: {
        group_info: { server_name: `server-${s}` },
        tool_list: ['alpha', 'beta', 'gamma'].map((t) => ({
          name: `${t}_${s}`,
          description: `${t} of server ${s}`,
          parameters: { type: 'object', properties: { x: { type: 'string' } } },
        })),
      },
    }),
  ).join('\n');
}

/** Holds the call that stores server STOP_AFTER + 1 until the test lets it go (the service is stopping by then). */
class StallingVersions extends CatalogVersionRepository {
  calls = 0;
  stalled = false;
  private release?: () => void;

  override async storeServer(importId: string, server: CatalogServer, now: string): Promise<StoredServer> {
    this.calls += 1;
    if (this.calls > STOP_AFTER) {
      this.stalled = true;
      await new Promise<void>((resolve) => (this.release = resolve));
    }
    return super.storeServer(importId, server, now);
  }

  letGo(): void {
    this.release?.();
  }
}

describe('graph-miner resumes an import after a crash midway', () => {
  const world = new GraphMinerHarness('sqlite');

  beforeAll(async () => {
    await world.start();
  });

  afterAll(async () => {
    await world.stop();
  });

  it('stops the first delivery between two servers when the service stops, and the redelivery completes without duplicates', async () => {
    let stalling: StallingVersions | undefined;
    const override: Provider[] = [
      {
        provide: CatalogVersionRepository,
        useFactory: (ds: DataSource) => (stalling = new StallingVersions(ds)),
        inject: [DataSource],
      },
    ];
    const first = await world.startApp(override);
    const artifact = await world.upload(catalogJsonl());
    await world.requestImport({ importId: 'crash-1', sources: [{ type: 'astra-jsonl', filename: 'servers.jsonl', artifact }] });

    await waitFor(() => stalling?.stalled, { timeoutMs: 20_000, what: 'the first delivery to reach the third server' });
    const closing = first.close();
    await waitFor(() => first.get(WorkCancellation).aborted, { what: 'shutdown to begin' });
    stalling?.letGo();
    await closing;

    const imports = new CatalogImportRepository(await world.db.open());
    const halfway = await imports.findRun('crash-1');
    // The server being stored when shutdown began is finished; the loop stops before the next one.
    expect(halfway).toMatchObject({ status: 'running', serversTotal: SERVERS, serversDone: STOP_AFTER + 1, attempts: 1 });

    await world.startApp();
    const report = await world.waitForReport('crash-1');
    expect(report).toMatchObject({
      status: 'completed',
      attempts: 2,
      serversImported: SERVERS,
      toolsImported: SERVERS * 3,
      toolsUnchanged: 0,
    });
    expect(report.servers?.every((s) => s.outcome === 'new' && s.version === 1)).toBe(true);
    expect(new Set(report.servers?.map((s) => s.name)).size).toBe(SERVERS);

    const second = await world.db.open();
    const versions = new CatalogVersionRepository(second);
    expect(await versions.counts()).toEqual({ servers: SERVERS, tools: SERVERS * 3, links: SERVERS * 3 });
  });
});
