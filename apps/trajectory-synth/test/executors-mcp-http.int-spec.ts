import { McpServerAllowList } from '@astra/platform/mcp';
import { EverythingHttpServer, freePort, waitFor } from '@astra/testing';
import { McpToolExecutor } from '../src/executors/mcp/mcp-tool.executor';
import type { ExecutorSession, ToolExecutor } from '../src/executors/tool-executor';
import { taskOver } from './support/executor-tasks';

// The MCP executor over streamable HTTP, against the everything reference server in its HTTP mode.

jest.setTimeout(60_000);

const options = { seed: 1, failureRate: 0 };

describe('the MCP executor against a server reached over streamable HTTP', () => {
  const server = new EverythingHttpServer();
  let url = '';
  const sessions: ExecutorSession[] = [];

  beforeAll(async () => {
    url = (await server.start()).url;
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });
  afterAll(() => {
    server.stop();
  });

  const executorFor = (entryUrl: string): ToolExecutor =>
    new McpToolExecutor(new McpServerAllowList({ remote: { url: entryUrl } }, 'trajectory-synth'), 30_000, () => {
      throw new Error('an HTTP server must not be started as a process');
    });
  const open = (executor: ToolExecutor) =>
    executor.open(taskOver({ kind: 'server', server: 'remote', tools: ['echo'] }, ['echo']), options);

  it('lists the tools and calls them over HTTP, in an MCP session per trajectory that close() ends', async () => {
    const executor = executorFor(url);
    const first = await open(executor);
    sessions.push(first);
    const second = await open(executor);
    expect(first.tools.map((t) => t.function.name)).toEqual(expect.arrayContaining(['echo', 'get-sum']));
    expect(await first.call('echo', { message: 'over http' })).toEqual({ status: 'ok', result: expect.stringContaining('over http') });
    expect((await first.call('get-sum', { a: 2, b: 40 })).result).toContain('42');
    expect((await first.call('no_such_tool', {})).status).toBe('unknown-tool');
    expect((await first.call('get-sum', { a: 'two' })).status).toBe('error');

    const opened = [...server.log.matchAll(/Session initialized with ID: (\S+)/g)].map((m) => m[1] as string);
    expect(new Set(opened).size).toBe(2);
    await second.close();
    // The server hears the end of exactly one of the two sessions: the one closed.
    await waitFor(() => /Received session termination request for session \S+/.test(server.log), {
      timeoutMs: 10_000,
      what: 'the server to hear the session end',
    });
    const ended = [...server.log.matchAll(/Received session termination request for session (\S+)/g)].map((m) => m[1]);
    expect(ended).toHaveLength(1);
    expect(opened).toContain(ended[0]);
    expect(await first.call('echo', { message: 'still here' })).toEqual({ status: 'ok', result: expect.stringContaining('still here') });
  });

  it('fails to open with MCP_SERVER_FAILED naming the URL without its credentials when nothing answers there', async () => {
    const dead = `http://astra:s3cr3t@127.0.0.1:${await freePort()}/mcp`;
    const failure = await open(executorFor(dead)).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'MCP_SERVER_FAILED', message: expect.stringContaining('MCP server "remote" (url http://') });
    expect((failure as Error).message).not.toContain('s3cr3t');
  });
});
