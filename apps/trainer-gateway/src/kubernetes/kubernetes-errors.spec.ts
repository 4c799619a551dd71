import { redact, toKubernetesError } from './kubernetes-errors';

const action = { verb: 'create' as const, resource: 'jobs', namespace: 'ns' };
const apiError = (code: number, message: string) =>
  Object.assign(new Error(`HTTP-Code: ${code}`), { code, body: JSON.stringify({ message }) });

describe('toKubernetesError', () => {
  it('maps status codes to codes and retryability', () => {
    expect(toKubernetesError(apiError(401, 'Unauthorized'), action)).toMatchObject({ code: 'UNAVAILABLE', retryable: false });
    expect(toKubernetesError(apiError(403, 'forbidden'), action).message).toContain(
      'create jobs in namespace "ns" (HTTP 403: the gateway lacks the RBAC permission): forbidden',
    );
    expect(toKubernetesError(apiError(422, 'spec invalid'), action)).toMatchObject({ code: 'VALIDATION_FAILED', retryable: false });
    expect(toKubernetesError(apiError(429, 'slow down'), action)).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    expect(toKubernetesError(apiError(500, 'boom'), action)).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    const refused = Object.assign(new Error('request failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(toKubernetesError(refused, action)).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('cuts credentials out of messages', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    expect(redact(`Authorization: Bearer abc.def and ${jwt}`)).not.toMatch(/abc\.def|eyJhbGci/);
    expect(toKubernetesError(apiError(401, `token ${jwt} expired`), action).message).not.toContain(jwt);
  });
});
