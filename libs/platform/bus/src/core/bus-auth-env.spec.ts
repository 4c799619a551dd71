import { ConfigError } from '@astra/platform/config';
import { busAuthFromEnv, type BusAuthEnv } from './bus-auth-env';

const service = (env: BusAuthEnv) => busAuthFromEnv(env, { requireCredentials: true });

function problems(env: BusAuthEnv): string[] {
  try {
    service(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable}: ${p.problem}`);
    throw error;
  }
  return [];
}

describe('busAuthFromEnv', () => {
  it('maps each way to authenticate, and TLS files', () => {
    expect(service({ NATS_USER: 'astra', NATS_PASSWORD: 'pw' })).toEqual({ credentials: { kind: 'user', user: 'astra', password: 'pw' } });
    expect(service({ NATS_TOKEN: 't' })).toEqual({ credentials: { kind: 'token', token: 't' } });
    expect(service({ NATS_CREDS: '/run/astra.creds' })).toEqual({ credentials: { kind: 'creds-file', path: '/run/astra.creds' } });
    expect(
      service({ NATS_NKEY_SEED_FILE: '/run/seed.nk', NATS_TLS_CA: '/ca.pem', NATS_TLS_CERT: '/c.pem', NATS_TLS_KEY: '/c.key' }),
    ).toEqual({
      credentials: { kind: 'nkey-seed-file', path: '/run/seed.nk' },
      tls: { caFile: '/ca.pem', certFile: '/c.pem', keyFile: '/c.key' },
    });
  });

  it('names half pairs and two ways at once, never a value', () => {
    expect(problems({ NATS_USER: 'astra' })).toEqual(['NATS_PASSWORD: is required when NATS_USER is set']);
    expect(problems({ NATS_TOKEN: 'secret-token', NATS_TLS_KEY: '/k' })).toEqual(['NATS_TLS_CERT: is required when NATS_TLS_KEY is set']);
    const both = problems({ NATS_USER: 'astra', NATS_PASSWORD: 'secret-pw', NATS_TOKEN: 'secret-token' });
    expect(both).toEqual(['NATS_USER, NATS_TOKEN: give one way to authenticate to NATS, not 2']);
    expect(both.join()).not.toMatch(/secret/);
  });

  it('lets a client go without credentials, and a service only on a local development bus', () => {
    expect(busAuthFromEnv({}, { requireCredentials: false })).toEqual({});
    expect(service({ ASTRA_INSECURE_LOCAL_BUS: true })).toEqual({});
    expect(problems({ ASTRA_INSECURE_LOCAL_BUS: false })[0]).toMatch(
      /^NATS credentials: none are set: set NATS_USER and NATS_PASSWORD, NATS_TOKEN/,
    );
  });
});
