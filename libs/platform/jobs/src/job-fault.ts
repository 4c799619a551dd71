import { BusError } from '@astra/contracts';
import { databaseFault } from '@astra/platform/database';

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/**
 * What a fault in a job's work means, by kind: a BusError says so itself; a database error is final when the
 * database refuses the value or write and retryable when it is unreachable (databaseFault); a stack overflow is final
 * (the same input, nested too deeply, overflows again on every delivery); anything else is INTERNAL, retried until
 * the last delivery.
 */
export function jobFault(error: unknown): BusError {
  if (error instanceof BusError) return error;
  const database = databaseFault(error);
  if (database) return database;
  if (isStackOverflow(error)) {
    return new BusError('VALIDATION_FAILED', 'the input is nested too deeply to process (maximum call stack size exceeded)', {
      retryable: false,
      cause: error,
    });
  }
  return BusError.from(error);
}
