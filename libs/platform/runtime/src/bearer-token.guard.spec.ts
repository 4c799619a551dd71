import type { ExecutionContext } from '@nestjs/common';
import { BearerTokenGuard, bearerMatches } from './bearer-token.guard';

function contextWith(authorization: string | undefined) {
  const headers: Record<string, string> = {};
  const context = {
    switchToHttp: () => ({
      getRequest: () => ({ headers: authorization === undefined ? {} : { authorization } }),
      getResponse: () => ({ setHeader: (name: string, value: string) => (headers[name] = value) }),
    }),
  } as unknown as ExecutionContext;
  return { context, headers };
}

describe('BearerTokenGuard', () => {
  it('matches only the exact token under the Bearer scheme', () => {
    expect(bearerMatches('Bearer secret-token', 'secret-token')).toBe(true);
    expect(bearerMatches('bearer secret-token ', 'secret-token')).toBe(true);
    expect(bearerMatches('Bearer secret-toke', 'secret-token')).toBe(false);
    expect(bearerMatches('Basic secret-token', 'secret-token')).toBe(false);
    expect(bearerMatches(undefined, 'secret-token')).toBe(false);
  });

  it('lets every request through without a token, and answers 401 with the configured body otherwise', () => {
    expect(new BearerTokenGuard({ token: undefined }).canActivate(contextWith(undefined).context)).toBe(true);
    const guard = new BearerTokenGuard({ token: 't0k3n', unauthorizedBody: { detail: 'Not authenticated' } });
    expect(guard.canActivate(contextWith('Bearer t0k3n').context)).toBe(true);
    const denied = contextWith('Bearer wrong');
    expect(() => guard.canActivate(denied.context)).toThrow(
      expect.objectContaining({ status: 401, response: { detail: 'Not authenticated' } }),
    );
    expect(denied.headers['WWW-Authenticate']).toBe('Bearer');
  });
});
