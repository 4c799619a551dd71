import { ConfigError } from '@astra/platform/config';
import { busOptionsFromEnv } from './bus.module';

describe('busOptionsFromEnv (BusModule.forService)', () => {
  it('maps the bus variables of a service configuration onto the bus options', () => {
    const options = busOptionsFromEnv('verifier', {
      NATS_URL: 'nats://a:4222,nats://b:4222',
      ASTRA_NAMESPACE: 'ci-7',
      BUS_ACK_WAIT_MS: 5000,
      ASTRA_INSECURE_LOCAL_BUS: true,
    });
    expect(options).toEqual({ service: 'verifier', servers: 'nats://a:4222,nats://b:4222', namespace: 'ci-7', ackWaitMs: 5000 });
  });

  it('leaves the namespace and ack wait unset when the configuration does', () => {
    const options = busOptionsFromEnv('graph-miner', { NATS_URL: 'nats://127.0.0.1:4222', ASTRA_INSECURE_LOCAL_BUS: true });
    expect(options.namespace).toBeUndefined();
    expect(options.ackWaitMs).toBeUndefined();
  });

  it('maps the credentials, and refuses a service without any unless the bus is a local development one', () => {
    const env = { NATS_URL: 'nats://nats:4222' };
    expect(busOptionsFromEnv('verifier', { ...env, NATS_TOKEN: 'secret-token', NATS_TLS_CA: '/ca.pem' })).toMatchObject({
      credentials: { kind: 'token', token: 'secret-token' },
      tls: { caFile: '/ca.pem' },
    });
    expect(() => busOptionsFromEnv('verifier', env)).toThrow(ConfigError);
    expect(() => busOptionsFromEnv('verifier', env)).toThrow(/NATS credentials: none are set/);
  });
});
