import { randomBytes } from 'node:crypto';
import { deleteNamespace, NatsBus } from '@astra/platform/bus';
import { loadCliConfig } from '../src/cli.config';
import { CliContext } from '../src/cli-context';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';

describe('the CLI on a namespace whose streams were deleted', () => {
  const namespace = `clitest_${randomBytes(5).toString('hex')}`;
  const ctx = new CliContext(() => loadCliConfig({ NATS_URL, ASTRA_NAMESPACE: namespace }));

  /** The namespace's streams on the server, seen through the CLI's own connection. */
  async function streams(): Promise<string[]> {
    const names: string[] = [];
    for await (const name of (await ctx.bus()).manager().streams.names()) if (name.includes(`${namespace}_`)) names.push(name);
    return names;
  }

  beforeAll(async () => {
    // graph-miner's bus creates the streams at connect; then the namespace is deleted, as `deleteNamespace` does.
    const service = await new NatsBus({ service: 'graph-miner', servers: NATS_URL, namespace }).connect();
    await service.close();
    await deleteNamespace(NATS_URL, namespace);
  });

  afterAll(async () => {
    await ctx.close();
    await deleteNamespace(NATS_URL, namespace);
  });

  it('does not re-create them, and says what is missing when it publishes', async () => {
    expect(await streams()).toEqual([]);
    const bus = await ctx.bus();
    await expect(bus.publish('graph.build.requested', { jobId: 'job-1', strategy: 'structural', samples: 1 })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: `stream ${namespace}_ASTRA_GRAPH does not exist: is the service running on this NATS server and namespace?`,
    });
    await expect(bus.artifacts.put('{"name":"notes"}\n')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(await streams()).toEqual([]);
  });
});
