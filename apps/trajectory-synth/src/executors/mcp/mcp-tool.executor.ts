import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusError, type OfferedTool, type TaskRecord } from '@astra/contracts';
import {
  isolatedSpec,
  listAllTools,
  type McpServerAllowList,
  spawnStdioTransport,
  StderrTail,
  type StdioTransportFactory,
  withDeadline,
} from '@astra/platform/mcp';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ExecutedCall, ExecutorSession, ToolExecutor } from '../tool-executor';
import { executedFromMcp, offeredTool } from './mcp-result';

/** The allow-listed server a task names (chain and server tasks); anything else is not an MCP task. */
function serverOf(task: TaskRecord): string {
  if (task.source.kind === 'environment') {
    throw new BusError('VALIDATION_FAILED', `task ${task.id.slice(0, 12)} comes from an environment: run it with the compiled executor`, {
      retryable: false,
    });
  }
  return task.source.server;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Real MCP servers: per trajectory a fresh client and a fresh server process started as the allow-list says (never as
 * a task says), its state (memory file, filesystem root) in a temp folder of its own that close() removes.
 */
export class McpToolExecutor implements ToolExecutor {
  readonly kind = 'mcp' as const;

  constructor(
    private readonly allowList: McpServerAllowList,
    private readonly timeoutMs: number,
    private readonly spawn: StdioTransportFactory = spawnStdioTransport,
  ) {}

  async open(task: TaskRecord): Promise<ExecutorSession> {
    const name = serverOf(task);
    const spec = this.allowList.get(name); // a name the allow-list lacks fails here, before anything starts
    const timeoutMs = spec.timeoutMs ?? this.timeoutMs;
    const folder = await mkdtemp(join(tmpdir(), 'astra-traj-mcp-'));
    const stderr = new StderrTail();
    const client = new Client({ name: 'astra-trajectory-synth', version: '0.1.0' });
    let transport: Transport | undefined;
    try {
      transport = this.spawn(isolatedSpec(spec, folder), stderr);
      const connected = transport;
      const tools = await withDeadline(
        (async () => {
          await client.connect(connected, { timeout: timeoutMs });
          return listAllTools(client, timeoutMs);
        })(),
        timeoutMs,
        'connect and tools/list',
      );
      return new McpSession(name, client, connected, folder, tools.map(offeredTool), timeoutMs, stderr);
    } catch (error) {
      await closeAll(client, transport, folder);
      throw new BusError('MCP_SERVER_FAILED', `MCP server "${name}" failed to start: ${describe(error)}${stderr}`, {
        cause: error,
        details: { server: name },
      });
    }
  }
}

async function closeAll(client: Client, transport: Transport | undefined, folder: string): Promise<void> {
  await client.close().catch(() => undefined);
  await transport?.close().catch(() => undefined); // kills the server process
  await rm(folder, { recursive: true, force: true }).catch(() => undefined);
}

/** One trajectory's connection to its own server process. */
class McpSession implements ExecutorSession {
  private readonly names: ReadonlySet<string>;
  private closed = false;

  constructor(
    private readonly server: string,
    private readonly client: Client,
    private readonly transport: Transport,
    /** The session's temp folder (the server's state); removed on close. */
    readonly folder: string,
    readonly tools: readonly OfferedTool[],
    private readonly timeoutMs: number,
    private readonly stderr: StderrTail,
  ) {
    this.names = new Set(tools.map((t) => t.function.name));
  }

  async call(name: string, args: Record<string, unknown>): Promise<ExecutedCall> {
    if (!this.names.has(name)) return { status: 'unknown-tool', result: `Error: there is no tool named ${JSON.stringify(name)}` };
    try {
      const result = await this.client.callTool({ name, arguments: args }, undefined, { timeout: this.timeoutMs });
      return executedFromMcp(result as Parameters<typeof executedFromMcp>[0]);
    } catch (error) {
      if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
        return { status: 'timeout', result: `Error: the tool did not answer within ${this.timeoutMs} ms` };
      }
      // A protocol error about this call (bad arguments, unknown tool) is the tool's answer; a closed connection is not.
      if (error instanceof McpError && error.code !== ErrorCode.ConnectionClosed && !this.closed) {
        return { status: 'error', result: `Error: ${error.message}` };
      }
      throw new BusError('MCP_SERVER_FAILED', `MCP server "${this.server}" failed during ${name}: ${describe(error)}${this.stderr}`, {
        cause: error,
        details: { server: this.server },
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await closeAll(this.client, this.transport, this.folder);
  }
}
