import { BusError } from '@astra/contracts';
import { QueryFailedError } from 'typeorm';

/** Node and pg errors that mean the database could not be reached or dropped the connection. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
/** What pg and TypeORM say when a connection is lost or cannot be made (they set no code). */
const CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Driver not Connected/,
  /Client was closed and is not queryable/,
  /Cannot use a pool after calling end/,
];

/** PostgreSQL SQLSTATEs worth another try: the server is busy, restarting, or chose this transaction to abort. */
function retryableSqlState(code: string): boolean {
  return /^(08|53|57P0[1-3])/.test(code) || code === '40001' || code === '40P01' || code === '55P03';
}

/**
 * A unique or primary-key violation is usually two writers racing for the same row (two imports storing one server,
 * two samplings adding one chain): the retry finds the row the other one wrote. Kept apart from the other integrity
 * errors (not null, foreign key, check), which fail the same way every time.
 */
function raceFault(code: string, message: string, cause: unknown): BusError {
  return new BusError('CONFLICT', `another write stored the same key first (${code}): ${message}`, { retryable: true, cause });
}

function sqlStateFault(code: string, message: string, cause: unknown): BusError | undefined {
  // Class 22: data exceptions (22001 string too long, 22021 a NUL or invalid byte, 22003 out of range).
  if (code.startsWith('22')) return new BusError('VALIDATION_FAILED', `the database refuses a value (${code}): ${message}`, { cause });
  if (code === '23505') return raceFault(code, message, cause);
  // Class 23: the other integrity constraints (not null, foreign key, check, exclusion).
  if (code.startsWith('23')) return new BusError('CONFLICT', `the database refuses the write (${code}): ${message}`, { cause });
  if (retryableSqlState(code)) return new BusError('UNAVAILABLE', `the database is unavailable (${code}): ${message}`, { cause });
  return undefined;
}

function sqliteFault(code: string, message: string, cause: unknown): BusError | undefined {
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return raceFault(code, message, cause);
  if (code.startsWith('SQLITE_CONSTRAINT'))
    return new BusError('CONFLICT', `the database refuses the write (${code}): ${message}`, { cause });
  if (/^SQLITE_(TOOBIG|MISMATCH|RANGE)/.test(code))
    return new BusError('VALIDATION_FAILED', `the database refuses a value (${code}): ${message}`, { cause });
  if (/^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL)/.test(code))
    return new BusError('UNAVAILABLE', `the database is unavailable (${code}): ${message}`, { cause });
  return undefined;
}

function codeOf(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object' || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/**
 * What a database error means for the work that hit it: a value or write the database refuses (PostgreSQL class 22
 * and 23, SQLite constraint and size errors) is final, since trying the same write again fails the same way, except a
 * unique-key violation, which is a race that a retry resolves; a lost
 * or refused connection, a busy or restarting server, a deadlock or serialization failure is retryable. Undefined
 * for anything that is not a recognised database error.
 */
export function databaseFault(error: unknown): BusError | undefined {
  const driverError: unknown = error instanceof QueryFailedError ? error.driverError : error;
  const message = driverError instanceof Error ? driverError.message : String(driverError);
  const code = codeOf(driverError);
  if (code !== undefined && CONNECTION_CODES.has(code))
    return new BusError('UNAVAILABLE', `the database is unreachable (${code}): ${message}`, { cause: error });
  if (code?.startsWith('SQLITE_')) return sqliteFault(code, message, error);
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) return sqlStateFault(code, message, error);
  if (driverError instanceof Error && CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) {
    return new BusError('UNAVAILABLE', `the database is unreachable: ${message}`, { cause: error });
  }
  return undefined;
}
