import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusError, type OfferedTool, type TaskRecord } from '@astra/contracts';
import { redactSecrets, urlCredentials } from '@astra/platform/config';
import {
  endHttpSession,
  type HttpTransportFactory,
  isHttpServer,
  isolatedSpec,
  listAllTools,
  type McpServerAllowList,
  type McpServerEntry,
  spawnStdioTransport,
  StderrTail,
  type StdioTransportFactory,
  streamableHttpTransport,
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

/** A final or retryable MCP_SERVER_FAILED saying what failed (`what`) and why. */
type ServerFailure = (what: string, error: unknown) => BusError;

/**
 * How failures of one session name its server: an HTTP one by its URL, with the URL's credentials and the header
 * values redacted wherever they appear (the transport's own messages quote the URL).
 */
function failureOf(name: string, entry: McpServerEntry, stderr: StderrTail): ServerFailure {
  const secrets = isHttpServer(entry) ? [...urlCredentials(entry.url), ...Object.values(entry.headers ?? {})] : [];
  const where = isHttpServer(entry) ? `"${name}" (url ${entry.url})` : `"${name}"`;
  return (what, error) =>
    new BusError('MCP_SERVER_FAILED', redactSecrets(`MCP server ${where} failed ${what}: ${describe(error)}${stderr}`, secrets), {
      cause: error,
      details: { server: name },
    });
}

/**
 * Real MCP servers, reached as the allow-list says (never as a task says), with a fresh client per trajectory. A server
 * started over stdio is a fresh process whose state (memory file, filesystem root) lives in a temp folder of its own
 * that close() removes; a server reached over streamable HTTP gets an MCP session of its own, ended on close().
 */
export class McpToolExecutor implements ToolExecutor {
  readonly kind = 'mcp' as const;

  constructor(
    private readonly allowList: McpServerAllowList,
    private readonly timeoutMs: number,
    private readonly spawn: StdioTransportFactory = spawnStdioTransport,
    private readonly connectHttp: HttpTransportFactory = streamableHttpTransport,
  ) {}

  async open(task: TaskRecord): Promise<ExecutorSession> {
    const name = serverOf(task);
    const entry = this.allowList.get(name); // a name the allow-list lacks fails here, before anything starts
    const timeoutMs = entry.timeoutMs ?? this.timeoutMs;
    const folder = isHttpServer(entry) ? undefined : await mkdtemp(join(tmpdir(), 'astra-traj-mcp-'));
    const stderr = new StderrTail();
    const failure = failureOf(name, entry, stderr);
    const client = new Client({ name: 'astra-trajectory-synth', version: '0.1.0' });
    let transport: Transport | undefined;
    try {
      transport = isHttpServer(entry) ? this.connectHttp(entry) : this.spawn(isolatedSpec(entry, folder as string), stderr);
      const connected = transport;
      const tools = await withDeadline(
        (async () => {
          await client.connect(connected, { timeout: timeoutMs });
          return listAllTools(client, timeoutMs);
        })(),
        timeoutMs,
        'connect and tools/list',
      );
      return new McpSession(failure, client, connected, folder, tools.map(offeredTool), timeoutMs);
    } catch (error) {
      await closeAll(client, transport, folder);
      throw failure('to start', error);
    }
  }
}

async function closeAll(client: Client, transport: Transport | undefined, folder: string | undefined): Promise<void> {
  if (transport) await endHttpSession(transport); // an HTTP server drops the session's state
  await client.close().catch(() => undefined);
  await transport?.close().catch(() => undefined); // kills a started server's process
  if (folder) await rm(folder, { recursive: true, force: true }).catch(() => undefined);
}

/** One trajectory's connection to its own server process, or its own session of an HTTP server. */
class McpSession implements ExecutorSession {
  private readonly names: ReadonlySet<string>;
  private closed = false;

  constructor(
    private readonly failure: ServerFailure,
    private readonly client: Client,
    private readonly transport: Transport,
    /** The session's temp folder (a started server's state), removed on close; none for an HTTP server. */
    readonly folder: string | undefined,
    readonly tools: readonly OfferedTool[],
    private readonly timeoutMs: number,
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
      throw this.failure(`during ${name}`, error);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await closeAll(this.client, this.transport, this.folder);
  }
}
