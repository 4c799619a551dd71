import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { NatsServerProcess } from '@astra/testing';

const ROOT = join(__dirname, '..', '..', '..');

/** Runs the astra CLI to its end: its exit code, or the signal that stopped it when it outlived the deadline. */
function astra(args: readonly string[], env: Record<string, string>, timeoutMs: number) {
  return new Promise<{ code: number | null; killed: boolean; stderr: string }>((resolve) => {
    const child = execFile(join(ROOT, 'tools', 'bin', 'astra'), [...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      timeout: timeoutMs,
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, killed: child.killed, stderr }));
  });
}

describe('the CLI when the bus connects but JetStream is refused', () => {
  // The CLI's user is in an account without JetStream: the connection opens, then the JetStream check fails.
  const server = NatsServerProcess.create({
    config: () => 'accounts { NOJS: { users: [ { user: "cli", password: "cli-password-for-test" } ] } }\n',
  });

  beforeAll(async () => {
    await (await server).start();
  });

  afterAll(async () => {
    await (await server).stop();
  });

  it('reports the failure and exits, instead of hanging on a connection that reconnects forever', async () => {
    const env = { NATS_URL: (await server).url, NATS_USER: 'cli', NATS_PASSWORD: 'cli-password-for-test', OTEL_SDK_DISABLED: 'true' };
    const result = await astra(['catalog', 'ls'], env, 60_000);
    expect(result).toMatchObject({ code: 1, killed: false });
    expect(result.stderr).toMatch(/^error/m);
    expect(result.stderr).not.toContain('cli-password-for-test');
  });
});
