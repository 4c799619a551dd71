import type { TaskRecord } from '@astra/contracts';
import { McpServerAllowList, type StdioTransportFactory } from '@astra/platform/mcp';
import { executedFromMcp, offeredTool } from './mcp-result';
import { McpToolExecutor } from './mcp-tool.executor';

const task = (server: string) => ({ id: 'a'.repeat(64), source: { kind: 'server', server, tools: ['x'] } }) as unknown as TaskRecord;

describe('McpToolExecutor', () => {
  it('refuses a server the allow-list lacks, for good, and starts nothing', async () => {
    const spawned: string[] = [];
    const spawn: StdioTransportFactory = (spec) => {
      spawned.push(spec.command);
      throw new Error('spawned');
    };
    const executor = new McpToolExecutor(
      new McpServerAllowList({ memory: { command: 'node', args: [] } }, 'trajectory-synth'),
      1000,
      spawn,
    );
    for (const name of ['sh', '/bin/sh', 'notes']) {
      await expect(executor.open(task(name))).rejects.toMatchObject({
        code: 'MCP_SERVER_FAILED',
        retryable: false,
        message: `MCP server '${name}' is not in trajectory-synth's MCP_SERVERS allow-list (configured: memory)`,
      });
    }
    expect(spawned).toEqual([]);
    await expect(executor.open(task('memory'))).rejects.toThrow('MCP server "memory" failed to start: spawned');
    expect(spawned).toEqual(['node']);
  });

  it('maps results: text joined, isError an error, structured content first', () => {
    const text = (t: string) => ({ type: 'text' as const, text: t });
    expect(executedFromMcp({ content: [text('a'), text('b')] })).toEqual({ status: 'ok', result: 'a\nb' });
    expect(executedFromMcp({ content: [text('boom')], isError: true })).toEqual({ status: 'error', result: 'boom' });
    expect(executedFromMcp({ content: [], structuredContent: { n: 1 } })).toEqual({ status: 'ok', result: '{"n":1}' });
    // Structured content fits the output schema that plan bindings address, even where the text differs from it.
    expect(executedFromMcp({ content: [text('[1]')], structuredContent: { entities: [1] } })).toEqual({
      status: 'ok',
      result: '{"entities":[1]}',
    });
    expect(executedFromMcp({ content: [{ type: 'image', data: '', mimeType: 'image/png' }] }).result).toBe('[image image/png]');
    expect(offeredTool({ name: 'echo', inputSchema: { type: 'object' } })).toEqual({
      type: 'function',
      function: { name: 'echo', parameters: { type: 'object' } },
    });
  });
});
