import { QueryFailedError } from 'typeorm';
import { databaseFault } from './database-fault';

/** A driver error as pg and better-sqlite3 raise them: an Error with a string code. */
const driverError = (code: string, message = 'refused') => Object.assign(new Error(message), { code });
const queryFailed = (code: string, message?: string) => new QueryFailedError('INSERT ...', [], driverError(code, message));

describe('databaseFault', () => {
  it.each([
    ['22001', 'VALIDATION_FAILED', 'value too long for type character varying(200)'],
    ['22021', 'VALIDATION_FAILED', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['23502', 'CONFLICT', 'null value in column violates not-null constraint'],
    ['23503', 'CONFLICT', 'insert or update violates foreign key constraint'],
    ['SQLITE_CONSTRAINT_NOTNULL', 'CONFLICT', 'NOT NULL constraint failed'],
    ['SQLITE_TOOBIG', 'VALIDATION_FAILED', 'string or blob too big'],
  ])('makes %s a final %s: the same write fails the same way', (code, busCode, message) => {
    const fault = databaseFault(queryFailed(code, message));
    expect(fault).toMatchObject({ code: busCode, retryable: false });
    expect(fault?.message).toContain(message);
  });

  it.each([['08006'], ['57P01'], ['53300'], ['40001'], ['40P01'], ['SQLITE_BUSY'], ['ECONNREFUSED'], ['ECONNRESET']])(
    'makes %s retryable (UNAVAILABLE)',
    (code) => {
      expect(databaseFault(queryFailed(code))).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
      expect(databaseFault(driverError(code))).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    },
  );

  it.each([
    ['23505', 'duplicate key value violates unique constraint'],
    ['SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed'],
    ['SQLITE_CONSTRAINT_PRIMARYKEY', 'UNIQUE constraint failed'],
  ])('makes the unique-key violation %s a retryable CONFLICT: two writers raced, and the retry finds the row', (code, message) => {
    expect(databaseFault(queryFailed(code, message))).toMatchObject({ code: 'CONFLICT', retryable: true });
  });

  it('makes a lost connection retryable', () => {
    expect(databaseFault(new Error('Connection terminated unexpectedly'))).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
  });

  it('leaves errors that are not database errors alone', () => {
    expect(databaseFault(new RangeError('Maximum call stack size exceeded'))).toBeUndefined();
    expect(databaseFault(driverError('ERR_SOMETHING'))).toBeUndefined();
    expect(databaseFault(queryFailed('42P01'))).toBeUndefined();
    expect(databaseFault('a string')).toBeUndefined();
  });
});
