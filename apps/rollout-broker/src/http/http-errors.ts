import { HttpException } from '@nestjs/common';
import { BusError } from '@astra/contracts';
import type { z } from 'zod';

/** The HTTP answer of a failed call: the BusError's code and message (never a stack trace). */
export function httpError(error: unknown): HttpException {
  if (error instanceof HttpException) return error;
  const bus = error instanceof BusError ? error : new BusError('INTERNAL', 'internal error');
  const status =
    bus.code === 'VALIDATION_FAILED' ? 400 : bus.code === 'NOT_FOUND' ? 404 : bus.code === 'CONFLICT' ? 409 : bus.retryable ? 503 : 500;
  return new HttpException({ error: { code: bus.code, message: bus.message } }, status);
}

/** Parses a request part with its contract schema; 400 with the zod issues when it does not fit. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
  throw new HttpException({ error: { code: 'VALIDATION_FAILED', message: `invalid ${what}`, issues } }, 400);
}
