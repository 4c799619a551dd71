import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

/**
 * The `everything` reference MCP server over streamable HTTP, as its own process on a free port. It logs the sessions
 * it opens and ends on stdout and that it listens on stderr; `log` keeps both.
 */
export class EverythingHttpServer {
  private child: ChildProcess | undefined;
  private output = '';
  url = '';

  /** Everything the server wrote so far. */
  get log(): string {
    return this.output;
  }

  async start(): Promise<this> {
    const port = await freePort();
    const entry = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');
    this.child = spawn(process.execPath, [entry, 'streamableHttp'], {
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    await waitFor(() => this.output.includes(`listening on port ${port}`), { timeoutMs: 20_000, what: 'the HTTP MCP server to listen' });
    this.url = `http://127.0.0.1:${port}/mcp`;
    return this;
  }

  stop(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }
}
