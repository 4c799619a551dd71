import { Logger } from '@nestjs/common';
import type { BusLog } from '../bus.types';

/** The bus's log lines through Nest's logger, i.e. the service's pino logger (context `MessageBus`). */
export function nestBusLog(): BusLog {
  const logger = new Logger('MessageBus');
  return {
    debug: (fields, message) => logger.debug({ ...fields, msg: message }),
    info: (fields, message) => logger.log({ ...fields, msg: message }),
    warn: (fields, message) => logger.warn({ ...fields, msg: message }),
    error: (fields, message) => logger.error({ ...fields, msg: message }),
  };
}
