import { BusError } from '@astra/contracts';
import { McpServerAllowList, type StdioTransportFactory } from '@astra/platform/mcp';
import { McpSourceReader } from './mcp-source.reader';

describe('McpSourceReader and the allow-list', () => {
  it('fails a name the allow-list lacks for good, and starts nothing', async () => {
    const spawned: string[] = [];
    const spawn: StdioTransportFactory = (spec) => {
      spawned.push(spec.command);
      throw new Error('spawned');
    };
    const reader = new McpSourceReader(1000, new McpServerAllowList({ memory: { command: 'node', args: [] } }, 'graph-miner'), spawn);
    for (const name of ['sh', 'node', 'notes']) {
      const error = await reader.read({ type: 'mcp-stdio', name }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BusError);
      expect(error).toMatchObject({
        code: 'MCP_SERVER_FAILED',
        retryable: false,
        message: `MCP server '${name}' is not in graph-miner's MCP_SERVERS allow-list (configured: memory)`,
      });
    }
    expect(spawned).toEqual([]);
  });

  it('starts an allow-listed server as configured', async () => {
    const spawned: string[][] = [];
    const spawn: StdioTransportFactory = (spec) => {
      spawned.push([spec.command, ...spec.args]);
      throw new Error('not really');
    };
    const reader = new McpSourceReader(
      1000,
      new McpServerAllowList({ notes: { command: '/usr/bin/notes-mcp', args: ['--db', '/srv'] } }),
      spawn,
    );
    await expect(reader.read({ type: 'mcp-stdio', name: 'notes' })).rejects.toThrow('MCP server "notes" (stdio) failed: not really');
    expect(spawned).toEqual([['/usr/bin/notes-mcp', '--db', '/srv']]);
  });
});
