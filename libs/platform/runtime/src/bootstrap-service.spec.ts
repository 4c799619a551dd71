import { networkInterfaces } from 'node:os';
import type { INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { createLogger } from '@astra/platform/logging';
import { bootstrapService, listeningPort, listeningUrl } from './bootstrap-service';

@Module({})
class EmptyServiceModule {}

describe('listeningUrl', () => {
  it('writes the bound address and port, IPv6 in brackets', () => {
    expect(listeningUrl({ address: '0.0.0.0', family: 'IPv4', port: 3001 })).toBe('http://0.0.0.0:3001');
    expect(listeningUrl({ address: '127.0.0.1', family: 'IPv4', port: 80 })).toBe('http://127.0.0.1:80');
    expect(listeningUrl({ address: '::', family: 'IPv6', port: 3001 })).toBe('http://[::]:3001');
    expect(listeningUrl({ address: '::1', family: 'IPv6', port: 3002 })).toBe('http://[::1]:3002');
  });

  it('refuses a server that is not on a TCP port', () => {
    expect(() => listeningUrl('/tmp/service.sock')).toThrow('not listening on a TCP port');
    expect(() => listeningUrl(null)).toThrow('not listening on a TCP port');
  });
});

describe('bootstrapService logs the address it listens on', () => {
  const apps: INestApplication[] = [];

  /** Starts a service on port 0 and returns its app and the URL of its `listening on` log line. */
  async function start(host?: string): Promise<{ app: INestApplication; url: string }> {
    const lines: Array<{ msg: string; url?: string }> = [];
    const logger = createLogger({ service: 'fake', destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
    const app = await bootstrapService({ module: EmptyServiceModule, service: 'fake', port: 0, logger, ...(host ? { host } : {}) });
    apps.push(app);
    const logged = lines.find((line) => line.msg.startsWith('fake listening on '));
    if (!logged?.url) throw new Error(`no listening line in ${JSON.stringify(lines)}`);
    expect(logged.msg).toBe(`fake listening on ${logged.url}`);
    return { app, url: logged.url };
  }

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  it('on one interface: that address, with the port the system chose, and it answers there', async () => {
    const { app, url } = await start('127.0.0.1');
    expect(url).toBe(`http://127.0.0.1:${listeningPort(app)}`);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it("by default: loopback only, unreachable on the machine's other addresses", async () => {
    const { app, url } = await start();
    const port = listeningPort(app);
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const external = externalAddress();
    if (external) await expect(fetch(`http://${external}:${port}/healthz`)).rejects.toThrow();
  });

  it('on every interface when told 0.0.0.0: the unspecified address, not the loopback that app.getUrl() reports', async () => {
    const { app, url } = await start('0.0.0.0');
    const port = listeningPort(app);
    expect(url).toBe(`http://0.0.0.0:${port}`);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const external = externalAddress();
    if (external) expect((await fetch(`http://${external}:${port}/healthz`)).status).toBe(200);
  });
});

/** An IPv4 address of this machine other than loopback, if it has one. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((info) => info !== undefined && info.family === 'IPv4' && !info.internal)?.address;
}
