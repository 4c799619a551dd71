import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { type CanActivate, type ExecutionContext, HttpException, Inject, Injectable } from '@nestjs/common';

/** Injection token of VERIFIER_API_TOKEN (undefined: the API is open, for a verifier that only loopback reaches). */
export const VERIFIER_API_TOKEN = Symbol.for('astra.verifier.api-token');

/** Whether an Authorization header carries `Bearer <token>`, compared in constant time (digests of equal length). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const given = createHash('sha256')
    .update(match?.[1] ?? '')
    .digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, expected) && match !== null;
}

/**
 * Requires `Authorization: Bearer <VERIFIER_API_TOKEN>` when the token is set; otherwise 401 with FastAPI's
 * `{"detail": "Not authenticated"}`, as SandboxFusion's clients expect of a FastAPI server.
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  constructor(@Inject(VERIFIER_API_TOKEN) private readonly token: string | undefined) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.token === undefined) return true;
    const http = context.switchToHttp();
    if (bearerMatches(http.getRequest<{ headers: IncomingHttpHeaders }>().headers.authorization, this.token)) return true;
    http.getResponse<ServerResponse>().setHeader('WWW-Authenticate', 'Bearer');
    throw new HttpException({ detail: 'Not authenticated' }, 401);
  }
}
