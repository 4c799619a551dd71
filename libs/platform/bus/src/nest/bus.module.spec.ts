import { busOptionsFromEnv } from './bus.module';

describe('busOptionsFromEnv (BusModule.forService)', () => {
  it('maps the bus variables of a service configuration onto the bus options', () => {
    const options = busOptionsFromEnv('verifier', { NATS_URL: 'nats://a:4222,nats://b:4222', ASTRA_NAMESPACE: 'ci-7', BUS_ACK_WAIT_MS: 5000 });
    expect(options).toEqual({ service: 'verifier', servers: 'nats://a:4222,nats://b:4222', namespace: 'ci-7', ackWaitMs: 5000 });
  });

  it('leaves the namespace and ack wait unset when the configuration does', () => {
    const options = busOptionsFromEnv('graph-miner', { NATS_URL: 'nats://127.0.0.1:4222' });
    expect(options.namespace).toBeUndefined();
    expect(options.ackWaitMs).toBeUndefined();
  });
});
