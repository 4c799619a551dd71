import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerSpec } from './mcp-server-allow-list';

/** At most this many `tools/list` pages: a server that keeps returning cursors is broken. */
const MAX_PAGES = 1000;
const STDERR_TAIL = 2000;

/** Keeps the last bytes a child process wrote to stderr, to explain why it failed. */
export class StderrTail {
  private text = '';
  append(chunk: unknown): void {
    this.text = (this.text + String(chunk)).slice(-STDERR_TAIL);
  }
  toString(): string {
    const trimmed = this.text.trim();
    return trimmed === '' ? '' : `; stderr: ${trimmed.split('\n').slice(-5).join(' | ')}`;
  }
}

/** Starts the process of an allow-listed server (a seam for tests: the only place a child process is started). */
export type StdioTransportFactory = (spec: McpServerSpec, stderr: StderrTail) => Transport;

/** The process of an allow-listed server, over stdio, with its stderr kept to explain a failure. */
export const spawnStdioTransport: StdioTransportFactory = (spec, stderr) => {
  const transport = new StdioClientTransport({
    command: spec.command,
    args: spec.args,
    env: { ...getDefaultEnvironment(), ...spec.env },
    cwd: spec.cwd,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: unknown) => stderr.append(chunk));
  return transport;
};

/** Every tool of a connected server, following `tools/list` cursors. */
export async function listAllTools(client: Client, timeoutMs: number): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout: timeoutMs });
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (!cursor) return tools;
  }
  throw new Error(`tools/list returned more than ${MAX_PAGES} pages`);
}

/** `work`, or an Error saying `what` timed out after `timeoutMs`. */
export function withDeadline<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The spec of one isolated instance whose state lives in `folder` (a fresh temp folder per session): the memory file
 * or the root folder moved there. A server without declared state is started as configured.
 */
export function isolatedSpec(spec: McpServerSpec, folder: string): McpServerSpec {
  switch (spec.state) {
    case 'memory-file':
      return { ...spec, env: { ...spec.env, MEMORY_FILE_PATH: join(folder, 'memory.jsonl') } };
    case 'root-folder':
      return { ...spec, args: [...spec.args.slice(0, -1), folder] };
    case undefined:
      return spec;
  }
}
