import { loadCliConfig } from './cli.config';
import { CliContext, describeFailure, UsageError } from './cli-context';

describe('CliContext', () => {
  it('reads the environment on first use, not when built (astra --help parses none)', () => {
    let loads = 0;
    const ctx = new CliContext(() => {
      loads += 1;
      return loadCliConfig({ ASTRA_NAMESPACE: 'ns1' });
    });
    expect(loads).toBe(0);
    expect(ctx.config.ASTRA_NAMESPACE).toBe('ns1');
    expect(ctx.config.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(loads).toBe(1);
  });

  it('reports an invalid environment as a usage error listing every variable', () => {
    const ctx = new CliContext(() => loadCliConfig({ NATS_URL: 'http://nats', ASTRA_NAMESPACE: 'a b' }));
    const failure = (() => {
      try {
        return ctx.config;
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(UsageError);
    expect(describeFailure(failure)).toBe(
      'error: Invalid configuration:\n  NATS_URL: must be a URL with protocol nats or tls or ws or wss\n  ASTRA_NAMESPACE: must contain only letters, digits, "_" and "-"',
    );
  });
});
