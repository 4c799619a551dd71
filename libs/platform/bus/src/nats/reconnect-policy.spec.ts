import { DEFAULT_RECONNECT_POLICY, ReconnectBackoff, reconnectOptions, retryDelayMs } from './reconnect-policy';

const policy = { ...DEFAULT_RECONNECT_POLICY, initialDelayMs: 100, maxDelayMs: 1_000, jitterMs: 50 };

describe('retryDelayMs', () => {
  it('doubles per failure up to the cap, plus jitter below jitterMs', () => {
    const noJitter = () => 0;
    expect([1, 2, 3, 4, 5, 6].map((failures) => retryDelayMs(policy, failures, noJitter))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(retryDelayMs(policy, 1, () => 0.999)).toBe(149);
    expect(retryDelayMs(policy, 10_000, noJitter)).toBe(1_000);
  });
});

describe('ReconnectBackoff', () => {
  it('answers the same delay until an attempt is made, grows per attempt and starts over after a reconnect', () => {
    let draws = 0;
    const backoff = new ReconnectBackoff(policy, () => (draws++ % 2 === 0 ? 0 : 0.5));
    expect(backoff.delayMs()).toBe(100);
    expect(backoff.delayMs()).toBe(100);
    backoff.attempted();
    expect(backoff.delayMs()).toBe(125);
    backoff.attempted();
    backoff.attempted();
    expect(backoff.delayMs()).toBe(400);
    backoff.reset();
    expect(backoff.delayMs()).toBe(125);
  });

  it('is what nats.js asks for between attempts, which never give up', () => {
    const backoff = new ReconnectBackoff(policy, () => 0);
    const options = reconnectOptions(policy, backoff);
    expect(options).toMatchObject({
      reconnect: true,
      maxReconnectAttempts: -1,
      pingInterval: policy.pingIntervalMs,
      maxPingOut: policy.maxPingOut,
    });
    expect(options.reconnectDelayHandler?.()).toBe(100);
  });
});
