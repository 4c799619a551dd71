import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { type CanActivate, type ExecutionContext, HttpException, Inject, Injectable } from '@nestjs/common';

/** What BearerTokenGuard checks: the token (undefined: the API is open) and the body of its 401 answer. */
export interface BearerTokenSettings {
  readonly token: string | undefined;
  /** The JSON body of a 401 (a client may expect a given shape, e.g. FastAPI's `{"detail": ...}`). */
  readonly unauthorizedBody?: object;
}

/** Injection token of the BearerTokenSettings of a service's HTTP API. */
export const BEARER_TOKEN_SETTINGS = Symbol.for('astra.http.bearer-token');

const DEFAULT_UNAUTHORIZED = { error: { code: 'UNAUTHORIZED', message: 'a bearer token is required' } };

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
 * Requires `Authorization: Bearer <token>` when the settings name a token; otherwise 401 with `WWW-Authenticate:
 * Bearer` and the settings' body. Provide BEARER_TOKEN_SETTINGS and use it with @UseGuards on a controller.
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  constructor(@Inject(BEARER_TOKEN_SETTINGS) private readonly settings: BearerTokenSettings) {}

  canActivate(context: ExecutionContext): boolean {
    const { token } = this.settings;
    if (token === undefined) return true;
    const http = context.switchToHttp();
    if (bearerMatches(http.getRequest<{ headers: IncomingHttpHeaders }>().headers.authorization, token)) return true;
    http.getResponse<ServerResponse>().setHeader('WWW-Authenticate', 'Bearer');
    throw new HttpException(this.settings.unauthorizedBody ?? DEFAULT_UNAUTHORIZED, 401);
  }
}
