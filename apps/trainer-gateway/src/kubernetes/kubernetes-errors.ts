import { BusError } from '@astra/contracts';

// Errors of the Kubernetes API as BusErrors. The client's own messages carry response headers and bodies: messages
// are rebuilt from the status code and the API's Status message only, and anything shaped like a credential is cut.

/** What was being done, for the message: "create jobs in namespace astra-training". */
export interface KubernetesAction {
  readonly verb: 'create' | 'get' | 'list' | 'delete';
  readonly resource: string;
  readonly namespace: string;
}

/** The HTTP status of an API error (the client's ApiException; it may come from another realm, so no instanceof). */
export function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The BusError an API failure means: 401/403 and 4xx not retryable, 429/5xx and connection failures retryable. */
export function toKubernetesError(error: unknown, action: KubernetesAction): BusError {
  if (error instanceof BusError) return error;
  const status = statusOf(error);
  const what = `${action.verb} ${action.resource} in namespace "${action.namespace}"`;
  if (status === undefined) {
    return new BusError('UNAVAILABLE', `kubernetes API unreachable to ${what}: ${redact(messageOf(error))}`, { retryable: true });
  }
  const detail = apiMessage(error);
  if (status === 401 || status === 403) {
    const hint = status === 401 ? 'the credentials were refused' : 'the gateway lacks the RBAC permission';
    return new BusError('UNAVAILABLE', `kubernetes API refused to ${what} (HTTP ${status}: ${hint})${detail}`, { retryable: false });
  }
  if (status === 404) return new BusError('NOT_FOUND', `kubernetes: nothing to ${what} (HTTP 404)${detail}`);
  if (status === 409) return new BusError('CONFLICT', `kubernetes: conflict to ${what} (HTTP 409)${detail}`);
  if (status === 429 || status >= 500) {
    return new BusError('UNAVAILABLE', `kubernetes API failed to ${what} (HTTP ${status})${detail}`, { retryable: true });
  }
  return new BusError('VALIDATION_FAILED', `kubernetes API rejected the request to ${what} (HTTP ${status})${detail}`);
}

function apiMessage(error: unknown): string {
  const body = (error as { body?: unknown }).body;
  const parsed = typeof body === 'string' ? safeJson(body) : body;
  const message = (parsed as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? `: ${redact(message).slice(0, 500)}` : '';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function messageOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  const message =
    error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)
      ? String((error as { message: unknown }).message)
      : String(error);
  return typeof cause === 'string' ? `${message} (${cause})` : message;
}

/** Cuts bearer tokens, JWTs and authorization headers out of a message. */
export function redact(text: string): string {
  return text
    .replace(/(bearer\s+)[^\s"',]+/gi, '$1[redacted]')
    .replace(/("?authorization"?\s*[:=]\s*"?)[^"\n,}]+/gi, '$1[redacted]')
    .replace(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted]');
}
