import { existsSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMcpServerAllowList } from '@astra/platform/mcp';
import { McpToolExecutor } from '../src/executors/mcp/mcp-tool.executor';
import type { ExecutorSession, ToolExecutor } from '../src/executors/tool-executor';
import { taskOver } from './support/executor-tasks';

const allowList = loadMcpServerAllowList({
  builtIns: true,
  dataDir: mkdtempSync(join(tmpdir(), 'astra-exec-')),
  service: 'trajectory-synth',
});
const executor: ToolExecutor = new McpToolExecutor(allowList, 30_000);
const options = { seed: 1, failureRate: 0 };
const open = (server: string, tools: string[]) => executor.open(taskOver({ kind: 'server', server, tools }, tools), options);

describe('the MCP executor against the reference servers', () => {
  const sessions: ExecutorSession[] = [];
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });

  it('memory: state lasts within one session and is not shared with another', async () => {
    const first = await open('memory', ['create_entities', 'read_graph']);
    const second = await open('memory', ['read_graph']);
    sessions.push(first, second);
    expect(first.tools.map((t) => t.function.name)).toEqual(expect.arrayContaining(['create_entities', 'read_graph']));
    const created = await first.call('create_entities', {
      entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote the first program'] }],
    });
    expect(created.status).toBe('ok');
    expect((await first.call('read_graph', {})).result).toContain('wrote the first program');
    const other = await second.call('read_graph', {});
    expect(other.status).toBe('ok');
    expect(other.result).not.toContain('Ada');
  });

  it('filesystem: writes land in the session folder, which close() removes', async () => {
    const session = await open('filesystem', ['write_file']);
    const roots = await session.call('list_allowed_directories', {});
    // The structured result ({"content": "Allowed directories:\n..."}) when the server gives one, else the text.
    const listing = roots.result.startsWith('{') ? ((JSON.parse(roots.result) as { content?: string }).content ?? '') : roots.result;
    const root = listing
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.includes('astra-traj-mcp-'));
    expect(root).toBeDefined();
    const path = join(root as string, 'note.txt');
    expect((await session.call('write_file', { path, content: 'hello' })).status).toBe('ok');
    expect(await readFile(path, 'utf8')).toBe('hello');
    const outside = await session.call('write_file', { path: join(tmpdir(), 'astra-escape.txt'), content: 'x' });
    expect(outside.status).toBe('error');
    await session.close();
    expect(existsSync(root as string)).toBe(false);
  });

  it('everything: a call, an unknown tool, and a server outside the allow-list refused', async () => {
    const session = await open('everything', ['echo']);
    sessions.push(session);
    expect(await session.call('echo', { message: 'ping' })).toEqual({ status: 'ok', result: expect.stringContaining('ping') });
    expect((await session.call('no_such_tool', {})).status).toBe('unknown-tool');
    await expect(open('sh', ['x'])).rejects.toMatchObject({
      code: 'MCP_SERVER_FAILED',
      retryable: false,
      message: expect.stringContaining("MCP server 'sh' is not in trajectory-synth's MCP_SERVERS allow-list"),
    });
  });
});
