import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

type PinoLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** Sends Nest's own log calls (framework and `new Logger(ctx)`) through pino, keeping Nest's context as `context`. */
export class NestLoggerAdapter implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, true);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params, true);
  }

  private write(level: PinoLevel, message: unknown, params: unknown[], mayHaveStack = false): void {
    const rest = [...params];
    const fields: Record<string, unknown> = {};
    // Nest passes the context last; error() may pass a stack before it.
    const last = rest[rest.length - 1];
    if (typeof last === 'string' && !(mayHaveStack && rest.length === 1 && looksLikeStack(last))) {
      fields['context'] = last;
      rest.pop();
    }
    if (mayHaveStack && typeof rest[0] === 'string') fields['stack'] = rest.shift();
    if (rest.length > 0) fields['params'] = rest;
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (message !== null && typeof message === 'object') {
      this.logger[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}

function looksLikeStack(text: string): boolean {
  return /\n\s+at /.test(text);
}
