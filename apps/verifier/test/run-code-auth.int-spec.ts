import { ConfigError } from '@astra/platform/config';
import { loadVerifierConfig } from '../src/verifier.config';
import { VerifierModule } from '../src/verifier.module';
import { VerifierHarness } from './verifier.harness';

jest.setTimeout(120_000);

const TOKEN = 'vt-3f9c2a7e51d04b8e';
const RUN = { code: 'print(6 * 7)', language: 'python' };

describe('POST /run_code with VERIFIER_API_TOKEN set', () => {
  const world = new VerifierHarness();

  beforeAll(async () => {
    await world.start({ VERIFIER_API_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await world.stop();
  });

  it('runs the code for a request with Authorization: Bearer <token>', async () => {
    const { status, body } = await world.post('/run_code', RUN, { authorization: `Bearer ${TOKEN}` });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'Success', run_result: { stdout: '42\n' } });
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: `Bearer ${TOKEN}x` }],
    ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ['the token under another scheme', { authorization: `Basic ${TOKEN}` }],
  ])("answers 401 in FastAPI's shape, before validating the body, to %s", async (_what, headers: Record<string, string>) => {
    const { status, body, headers: answered } = await world.post('/run_code', { language: 'cpp' }, headers);
    expect(status).toBe(401);
    expect(body).toEqual({ detail: 'Not authenticated' });
    expect(answered.get('www-authenticate')).toBe('Bearer');
  });

  it('keeps the health probes open', async () => {
    expect((await fetch(`${world.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${world.baseUrl}/readyz`)).status).toBe(200);
  });
});

describe('the verifier configuration', () => {
  it('refuses a token too short to guard anything', () => {
    expect(() => loadVerifierConfig({ VERIFIER_API_TOKEN: 'short', ASTRA_INSECURE_LOCAL_BUS: 'true' })).toThrow(
      'VERIFIER_API_TOKEN: must be at least 16 characters',
    );
  });

  it('refuses to start without NATS credentials unless the bus is a local development one', () => {
    expect(() => VerifierModule.forRoot({ config: loadVerifierConfig({ NATS_URL: 'nats://nats:4222' }) })).toThrow(ConfigError);
    expect(() => VerifierModule.forRoot({ config: loadVerifierConfig({ NATS_URL: 'nats://nats:4222' }) })).toThrow(
      /NATS_USER and NATS_PASSWORD.*ASTRA_INSECURE_LOCAL_BUS=true/,
    );
    expect(() => VerifierModule.forRoot({ config: loadVerifierConfig({ NATS_URL: 'nats://nats:4222', NATS_TOKEN: TOKEN }) })).not.toThrow();
  });
});
