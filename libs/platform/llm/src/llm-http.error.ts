/** Why one HTTP attempt failed, and whether another attempt may succeed. */
export class LlmHttpError extends Error {
  constructor(
    message: string,
    readonly kind: 'status' | 'network' | 'timeout' | 'malformed',
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'LlmHttpError';
  }
}

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** 408, 409 (some gateways), 425, 429 and every 5xx are worth another try; other 4xx are not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

/** Maps whatever an attempt threw to an LlmHttpError (timeouts and connection faults are retryable). */
export function classifyError(error: unknown): LlmHttpError {
  if (error instanceof LlmHttpError) return error;
  const err = error as { name?: string; code?: string; message?: string };
  if (err.name === 'TimeoutError' || err.code?.includes('TIMEOUT')) {
    return new LlmHttpError(`timed out: ${err.message ?? String(error)}`, 'timeout', true);
  }
  const code = err.code ?? '';
  const message = `${code ? `${code}: ` : ''}${err.message ?? String(error)}`;
  // Unknown transport faults are retried too: the retry budget bounds the cost of being wrong.
  return new LlmHttpError(message, 'network', RETRYABLE_CODES.has(code) || code === '' || code.startsWith('UND_ERR'));
}
