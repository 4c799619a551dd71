import { Controller, Get, Module } from '@nestjs/common';
import { listeningPort, listeningUrl } from './bootstrap-service';
import { runService, startService } from './run-service';

@Controller()
class PingController {
  @Get('ping')
  ping(): { pong: number } {
    return { pong: 1 };
  }
}

@Module({ controllers: [PingController] })
class PingModule {}

describe('startService', () => {
  it('binds the configured HOST, loopback when there is none', async () => {
    for (const [HOST, url] of [
      [undefined, /^http:\/\/127\.0\.0\.1:\d+$/],
      ['0.0.0.0', /^http:\/\/0\.0\.0\.0:\d+$/],
    ] as const) {
      const app = await startService({
        name: 'fake',
        loadConfig: () => ({ PORT: 0, LOG_LEVEL: 'silent', ...(HOST ? { HOST } : {}) }),
        module: () => PingModule,
      });
      try {
        expect(listeningUrl(app.getHttpServer().address())).toMatch(url);
      } finally {
        await app.close();
      }
    }
  });

  it('starts the module the configuration selects, with the health probes, on the configured port', async () => {
    const seen: unknown[] = [];
    const app = await startService({
      name: 'fake',
      loadConfig: () => ({ PORT: 0, LOG_LEVEL: 'silent', FLAVOUR: 'ping' }),
      module: (config) => (seen.push(config.FLAVOUR), PingModule),
    });
    try {
      const base = `http://127.0.0.1:${listeningPort(app)}`;
      expect(seen).toEqual(['ping']);
      expect(await (await fetch(`${base}/ping`)).json()).toEqual({ pong: 1 });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('runService', () => {
  it('reports a service that cannot start on stderr, with its name and cause, and exits with status 1', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await runService({
        name: 'fake',
        loadConfig: () => {
          throw new Error('invalid configuration:\n  PORT: must be a number');
        },
        module: () => PingModule,
      });
      expect(exit).toHaveBeenCalledWith(1);
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(/^fake failed to start: Error: invalid configuration:\n {2}PORT: must be a number/);
    } finally {
      exit.mockRestore();
      stderr.mockRestore();
    }
  });
});
