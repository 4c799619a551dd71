import { type INestApplicationContext, type LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { STREAMS } from '@astra/contracts';
import { CatalogVersionRepository } from '@astra/persistence/graph-miner';
import { HealthChecks, HealthModule, type HealthReport } from '@astra/platform/runtime';
import { NATS_OUTAGE_MS, NatsServerProcess, rideNatsOutage, waitFor } from '@astra/testing';
import { GraphMinerHarness } from './support/graph-miner.harness';

// The outage, plus the import before and after it; the deadlines below are each far shorter.
jest.setTimeout(NATS_OUTAGE_MS + 240_000);

// Enough servers that the outage starts in the middle of the import.
const SERVERS = 3000;
// Heartbeats every third of it; a delivery whose ack was lost in the outage is redelivered this long after NATS is back.
const ENV = { BUS_ACK_WAIT_MS: '10000' };

function catalogJsonl(prefix: string, count: number): string {
  const rows = Array.from({ length: count }, (_, s) =>
    JSON.stringify({
      base_info: {
        group_info: { server_name: `${prefix}-${s}` },
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

/** Keeps Nest's log lines (the bus logs through Nest's Logger) as `level message`. */
class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  log = (message: unknown): void => this.keep('info', message);
  warn = (message: unknown): void => this.keep('warn', message);
  error = (message: unknown): void => this.keep('error', message);
  debug = (message: unknown): void => this.keep('debug', message);
  verbose = (message: unknown): void => this.keep('verbose', message);

  private keep(level: string, message: unknown): void {
    const text = typeof message === 'object' && message !== null && 'msg' in message ? String(message.msg) : String(message);
    this.lines.push(`${level} ${text}`);
  }
}

describe('graph-miner through a NATS outage in the middle of an import', () => {
  const logger = new RecordingLogger();
  let nats: NatsServerProcess;
  let world: GraphMinerHarness;
  let app: INestApplicationContext;
  let readiness: () => Promise<HealthReport>;

  beforeAll(async () => {
    nats = await NatsServerProcess.start();
    world = new GraphMinerHarness('sqlite', nats.url);
    await world.start();
    // graph-miner as main.ts runs it: with the health module whose checks /readyz answers from.
    @Module({ imports: [HealthModule, world.module([], ENV)] })
    class OutageRootModule {}
    app = await NestFactory.createApplicationContext(OutageRootModule, { logger, abortOnError: false });
    await app.init();
    const checks = app.get(HealthChecks);
    readiness = () => checks.run();
  });

  afterAll(async () => {
    await app?.close();
    await nats?.start();
    await world?.stop();
    await nats?.dispose();
  });

  it('reports not ready while NATS is down, reconnects, and completes the import with every server stored once', async () => {
    expect(await readiness()).toMatchObject({ ready: true });
    const artifact = await world.upload(catalogJsonl('outage', SERVERS));
    await world.requestImport({ importId: 'outage-1', sources: [{ type: 'astra-jsonl', filename: 'servers.jsonl', artifact }] });
    const midway = await waitFor(
      async () => {
        const report = await world.cli.request('catalog.import.status', { importId: 'outage-1' });
        return report.progress.done >= 50 ? report : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 5, what: 'the import to store 50 servers' },
    );
    expect(midway.progress.done).toBeLessThan(SERVERS);

    // Readiness is read all along the outage and must never say ready.
    const readDuringOutage = await rideNatsOutage(nats, readiness, {
      // The CLI's own connection may not have seen the server go yet: its request fails as UNAVAILABLE or TIMEOUT,
      // retryable either way (the bus test asserts the fail-fast path on a connection known to be down).
      whileDown: () =>
        expect(world.cli.request('catalog.import.status', { importId: 'outage-1' })).rejects.toMatchObject({ retryable: true }),
    });
    expect(readDuringOutage.filter((report) => report.ready)).toEqual([]);
    expect(readDuringOutage.at(-1)?.errors['bus']).toMatch(/NATS connection is down/);

    const report = await world.waitForReport('outage-1', 120_000);
    expect(report).toMatchObject({
      status: 'completed',
      serversImported: SERVERS,
      toolsImported: 3 * SERVERS,
      progress: { done: SERVERS, total: SERVERS },
    });
    expect(new Set((await world.importedServers('outage-1')).map((server) => server.name)).size).toBe(SERVERS);
    const versions = new CatalogVersionRepository(await world.db.open());
    expect(await versions.counts()).toEqual({ servers: SERVERS, tools: 3 * SERVERS, links: 3 * SERVERS });

    // The durable consumer pulls again: an import requested after the outage runs, and the first one's message is settled.
    await world.requestImport({
      importId: 'outage-2',
      sources: [{ type: 'astra-jsonl', filename: 'more.jsonl', artifact: await world.upload(catalogJsonl('after', 5)) }],
    });
    expect(await world.waitForReport('outage-2')).toMatchObject({ status: 'completed', serversImported: 5 });
    const stream = world.cli.naming.stream(STREAMS.catalog.name);
    const durable = world.cli.naming.consumer('command', 'catalog.import.requested', 'graph-miner');
    await waitFor(
      async () => {
        const info = await world.cli.manager().consumers.info(stream, durable);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'every import message to be acked' },
    );
    expect(logger.lines).toEqual(expect.arrayContaining(['warn NATS connection lost; reconnecting', 'info NATS connection restored']));
  });
});
