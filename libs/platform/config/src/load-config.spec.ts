import { z } from 'zod';
import { ConfigError, busEnv, databaseEnv, httpEnv, loadConfig, logEnv, platformEnv, portSchema } from './index';

describe('loadConfig', () => {
  const schema = z.object({ ...platformEnv, WORKERS: z.coerce.number().int().positive() });

  it('applies the defaults of the platform fragments', () => {
    const config = loadConfig(schema, { WORKERS: '4' });
    expect(config).toEqual({
      NATS_URL: 'nats://127.0.0.1:4222',
      ASTRA_DATA_DIR: '.data',
      PORT: 3000,
      HOST: '127.0.0.1',
      ASTRA_INSECURE_LOCAL_BUS: false,
      LOG_LEVEL: 'info',
      WORKERS: 4,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.ASTRA_NAMESPACE).toBeUndefined();
  });

  it('reads the values that are set and drops unknown variables', () => {
    const config = loadConfig(schema, {
      WORKERS: '2',
      NATS_URL: 'nats://a:4222,nats://b:4222',
      DATABASE_URL: 'postgres://u@db:5432/astra',
      ASTRA_NAMESPACE: 'ci-42',
      PORT: '0',
      LOG_LEVEL: 'debug',
      HOME: '/root',
    });
    expect(config).toMatchObject({ DATABASE_URL: 'postgres://u@db:5432/astra', ASTRA_NAMESPACE: 'ci-42', PORT: 0 });
    expect(config).not.toHaveProperty('HOME');
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig(schema, { WORKERS: '1', DATABASE_URL: '', LOG_LEVEL: '' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('reports every problem at once, one line per variable', () => {
    let error: unknown;
    try {
      loadConfig(schema, { NATS_URL: 'http://x', PORT: '70000', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.problems.map((p) => p.variable).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'NATS_URL', 'PORT', 'WORKERS'].sort());
    expect(configError.message).toContain('WORKERS: is required but not set');
    expect(configError.message).toContain('NATS_URL: must be a URL with protocol nats or tls or ws or wss');
    expect(configError.message.split('\n')).toHaveLength(6);
  });

  it('returns a deeply frozen object', () => {
    const nested = z.object({ ...busEnv, limits: z.object({ max: z.number() }).default({ max: 3 }) });
    const config = loadConfig(nested, {});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.limits)).toBe(true);
    expect(() => {
      (config as { NATS_URL: string }).NATS_URL = 'nats://other:4222';
    }).toThrow(TypeError);
  });

  it('reads yes/no flags and refuses anything else', () => {
    expect(loadConfig(schema, { WORKERS: '1', ASTRA_INSECURE_LOCAL_BUS: 'true' }).ASTRA_INSECURE_LOCAL_BUS).toBe(true);
    expect(loadConfig(schema, { WORKERS: '1', ASTRA_INSECURE_LOCAL_BUS: '0' }).ASTRA_INSECURE_LOCAL_BUS).toBe(false);
    expect(() => loadConfig(schema, { WORKERS: '1', ASTRA_INSECURE_LOCAL_BUS: 'maybe' })).toThrow(
      'ASTRA_INSECURE_LOCAL_BUS: must be true or false',
    );
  });

  it('lets a service override a fragment default', () => {
    const service = z.object({ ...databaseEnv, ...logEnv, ...httpEnv, PORT: portSchema.default(3104) });
    expect(loadConfig(service, {}).PORT).toBe(3104);
  });

  describe('never quotes a secret in its errors', () => {
    const planted = 'sk-PLANTED-5f8a2c91d4e7';
    // A service's own check that quotes what it was given, the way a careless refinement would.
    const quoting = () => z.string().refine(() => false, { error: (issue) => `rejected ${String(issue.input)}` });

    function messageOf(run: () => unknown): string {
      try {
        run();
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
      throw new Error('expected a ConfigError');
    }

    it('redacts the value of a variable whose name looks secret, and still names the variable', () => {
      const message = messageOf(() =>
        loadConfig(z.object({ OPENAI_API_KEY: quoting(), DB_PASSWORD: quoting() }), {
          OPENAI_API_KEY: planted,
          DB_PASSWORD: `${planted}-pw`,
        }),
      );
      expect(message).not.toContain('PLANTED');
      expect(message).toContain('OPENAI_API_KEY: rejected [redacted]');
      expect(message).toContain('DB_PASSWORD: rejected [redacted]');
    });

    it('redacts the credentials of URLs in any variable', () => {
      const env = {
        DATABASE_URL: `mysql://astra:${planted}@db:5432/astra`,
        NATS_URL: `http://bus:${planted}@nats:4222`,
        OTHER: `postgres://u:${planted}@h/d`,
      };
      const message = messageOf(() => loadConfig(z.object({ ...platformEnv, OTHER: quoting() }), env));
      expect(message).not.toContain('PLANTED');
      expect(message).toContain('DATABASE_URL: must be a URL with protocol postgres or postgresql');
      expect(message).toContain('OTHER: rejected postgres://[redacted]@h/d');
    });

    it('reports a check that throws by its kind alone, since its message may quote the value', () => {
      const schema = z.object({ ASTRA_LLM_CONFIG_JSON: z.string().transform((text) => JSON.parse(text) as unknown) });
      const message = messageOf(() => loadConfig(schema, { ASTRA_LLM_CONFIG_JSON: `{"apiKey": ${planted}}` }));
      expect(message).not.toContain('PLANTED');
      expect(message).toContain('threw SyntaxError');
    });
  });
});
