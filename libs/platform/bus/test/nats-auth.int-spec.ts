import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nkeys } from '@nats-io/nats-core';
import { z } from 'zod';
import { BusError } from '@astra/contracts';
import { busEnv, ConfigError, loadConfig } from '@astra/platform/config';
import { NatsServerProcess } from '@astra/testing';
import { busAuthFromEnv, NatsBus, type BusAuth } from '../src';
import { TEST_REGISTRY, TEST_STREAM, testNamespace } from './support/test-registry';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(60_000);

const PASSWORD = 'pw-7c1f0e9a-secret';
const TOKEN = 'tok-5b2d8e41-secret';
const env = z.object(busEnv);

/** The bus of a service, mapped from variables exactly as a service maps its environment. */
function serviceAuth(vars: Record<string, string>): BusAuth {
  return busAuthFromEnv(loadConfig(env, vars), { requireCredentials: true });
}

function bus(
  server: NatsServerProcess,
  service: 'cli' | 'verifier',
  auth: BusAuth,
  namespace = testNamespace(),
): NatsBus<typeof TEST_REGISTRY> {
  return new NatsBus({ service, servers: server.url, namespace, registry: TEST_REGISTRY, streams: [TEST_STREAM], ...auth });
}

/** A responder and a caller with these credentials: an RPC answers and a command is stored by JetStream. */
async function expectWorkingBus(server: NatsServerProcess, auth: BusAuth): Promise<void> {
  const namespace = testNamespace();
  const responder = bus(server, 'verifier', auth, namespace);
  responder.register('bustest.echo', async ({ text }) => ({ text: text.toUpperCase() }));
  responder.register('bustest.job.run', async () => undefined);
  await responder.start();
  const caller = await bus(server, 'cli', auth, namespace).connect();
  try {
    await expect(caller.request('bustest.echo', { text: 'hi' })).resolves.toEqual({ text: 'HI' });
    await expect(caller.publish('bustest.job.run', { n: 1 })).resolves.toMatchObject({ duplicate: false });
  } finally {
    await caller.close();
    await responder.close();
  }
}

/** The error a connection with these credentials fails with. */
async function connectError(server: NatsServerProcess, auth: BusAuth): Promise<BusError> {
  const failed = await bus(server, 'cli', auth)
    .connect()
    .then(
      () => new Error('connected'),
      (error: unknown) => error,
    );
  if (!(failed instanceof BusError)) throw new Error(`expected a BusError, got ${String(failed)}`);
  return failed;
}

describe('the bus against a NATS server that requires a user and password', () => {
  let server: NatsServerProcess;
  beforeAll(async () => {
    server = await NatsServerProcess.start({ config: () => `authorization { user: astra, password: "${PASSWORD}" }\n` });
  });
  afterAll(() => server.dispose());

  it('connects and works with the right user and password, mapped from NATS_USER and NATS_PASSWORD', async () => {
    await expectWorkingBus(server, serviceAuth({ NATS_URL: server.url, NATS_USER: 'astra', NATS_PASSWORD: PASSWORD }));
  });

  it('fails with a clear error that never quotes the password when the password is wrong', async () => {
    const error = await connectError(server, serviceAuth({ NATS_URL: server.url, NATS_USER: 'astra', NATS_PASSWORD: `${PASSWORD}-wrong` }));
    expect(error.message).toBe(
      `NATS at ${server.url} refused the credentials it was given (user "astra" and a password): Authorization Violation`,
    );
    expect(error.retryable).toBe(false);
    expect(JSON.stringify({ ...error, message: error.message, cause: error.cause })).not.toContain(PASSWORD);
  });

  it('fails with a clear error when no credentials are configured (a client such as the CLI)', async () => {
    const auth = busAuthFromEnv(loadConfig(env, { NATS_URL: server.url }), { requireCredentials: false });
    const error = await connectError(server, auth);
    expect(error.message).toBe(
      `NATS at ${server.url} refused a connection without credentials (none are configured): Authorization Violation`,
    );
  });
});

describe('the bus against a NATS server that requires a token', () => {
  let server: NatsServerProcess;
  beforeAll(async () => {
    server = await NatsServerProcess.start({ config: () => `authorization { token: "${TOKEN}" }\n` });
  });
  afterAll(() => server.dispose());

  it('connects and works with NATS_TOKEN', async () => {
    await expectWorkingBus(server, serviceAuth({ NATS_URL: server.url, NATS_TOKEN: TOKEN }));
  });

  it('fails without quoting either token when the token is wrong', async () => {
    const wrong = `${TOKEN}-wrong`;
    const error = await connectError(server, serviceAuth({ NATS_URL: server.url, NATS_TOKEN: wrong }));
    expect(error.message).toBe(`NATS at ${server.url} refused the credentials it was given (a token): Authorization Violation`);
    expect(error.message).not.toContain(TOKEN);
  });
});

describe('the bus against a NATS server that knows an NKey user', () => {
  const user = nkeys.createUser();
  let server: NatsServerProcess;
  beforeAll(async () => {
    server = await NatsServerProcess.start({ config: () => `authorization { users: [ { nkey: ${user.getPublicKey()} } ] }\n` });
  });
  afterAll(() => server.dispose());

  it('connects and works with the seed in NATS_NKEY_SEED_FILE', async () => {
    const seedFile = join(server.storeDir, 'user.nk');
    writeFileSync(seedFile, `${new TextDecoder().decode(user.getSeed())}\n`, { mode: 0o600 });
    await expectWorkingBus(server, serviceAuth({ NATS_URL: server.url, NATS_NKEY_SEED_FILE: seedFile }));
  });

  it('names a seed file it cannot read, and its reason', async () => {
    const missing = join(server.storeDir, 'no-such.nk');
    await expect(bus(server, 'cli', serviceAuth({ NATS_URL: server.url, NATS_NKEY_SEED_FILE: missing })).connect()).rejects.toThrow(
      `cannot read the NATS NKey seed file ${missing} (ENOENT)`,
    );
  });
});

describe('the bus over mutual TLS', () => {
  let server: NatsServerProcess;
  const pem = (name: string) => join(server.storeDir, name);

  beforeAll(async () => {
    server = await NatsServerProcess.create({
      config: (dir) =>
        [
          `tls { cert_file: "${dir}/server.pem", key_file: "${dir}/server.key", ca_file: "${dir}/ca.pem", verify: true }`,
          `authorization { user: astra, password: "${PASSWORD}" }`,
          '',
        ].join('\n'),
    });
    // A CA of the test's own that signs the server's certificate (for 127.0.0.1) and the client's.
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: server.storeDir, stdio: 'pipe' });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=astra-test-ca');
    writeFileSync(pem('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    for (const name of ['server', 'client']) {
      openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      openssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '1',
        '-extfile',
        'san.ext',
      );
    }
    await server.start();
  });
  afterAll(() => server.dispose());

  it('connects and works with NATS_TLS_CA, NATS_TLS_CERT and NATS_TLS_KEY', async () => {
    const vars = { NATS_URL: server.url, NATS_USER: 'astra', NATS_PASSWORD: PASSWORD };
    await expectWorkingBus(
      server,
      serviceAuth({ ...vars, NATS_TLS_CA: pem('ca.pem'), NATS_TLS_CERT: pem('client.pem'), NATS_TLS_KEY: pem('client.key') }),
    );
  });

  it('fails, naming the reason, when it does not trust the server certificate (no NATS_TLS_CA)', async () => {
    const error = await connectError(
      server,
      serviceAuth({
        NATS_URL: server.url,
        NATS_USER: 'astra',
        NATS_PASSWORD: PASSWORD,
        NATS_TLS_CERT: pem('client.pem'),
        NATS_TLS_KEY: pem('client.key'),
      }),
    );
    expect(error.message).toMatch(/^cannot connect to NATS at nats:\/\/127\.0\.0\.1:\d+: .*certificate/);
    expect(error.message).not.toContain(PASSWORD);
  });
});

describe('a service configuration', () => {
  it('without credentials and without ASTRA_INSECURE_LOCAL_BUS refuses to start, naming the variables', () => {
    let error: unknown;
    try {
      serviceAuth({ NATS_URL: 'nats://nats.internal:4222' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['NATS_USER', 'NATS_PASSWORD', 'NATS_TOKEN', 'NATS_CREDS', 'NATS_NKEY_SEED_FILE', 'ASTRA_INSECURE_LOCAL_BUS=true']) {
      expect(message).toContain(name);
    }
  });

  it('without credentials starts against a local development server when ASTRA_INSECURE_LOCAL_BUS=true', () => {
    expect(serviceAuth({ ASTRA_INSECURE_LOCAL_BUS: 'true' })).toEqual({});
  });

  it('refuses credentials in NATS_URL without quoting them', () => {
    expect(() => loadConfig(env, { NATS_URL: `nats://astra:${PASSWORD}@127.0.0.1:4222` })).toThrow(
      'NATS_URL: must not carry a user or password: set NATS_USER and NATS_PASSWORD (or NATS_TOKEN) instead',
    );
    expect(() => loadConfig(env, { NATS_URL: `nats://astra:${PASSWORD}@127.0.0.1:4222` })).not.toThrow(PASSWORD);
  });
});
