import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { runInTransaction } from '../transaction';
import { ProcessedMessage } from './processed-message.entity';

export interface InboxKey {
  /** The durable consumer (or handler) name. */
  readonly consumer: string;
  /** The envelope id, which is the JetStream message id. */
  readonly messageId: string;
}

export type InboxResult<T> = { readonly ran: true; readonly result: T } | { readonly ran: false };

const UNIQUE_VIOLATION_CODES = new Set(['23505', 'SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE']);

class AlreadyProcessed extends Error {}

/** True when a database error is a unique (or primary key) violation on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const driverError: unknown = error instanceof QueryFailedError ? error.driverError : error;
  if (driverError === null || typeof driverError !== 'object' || !('code' in driverError)) return false;
  return UNIQUE_VIOLATION_CODES.has(String(driverError.code));
}

/** Exactly-once effects over at-least-once delivery: record the message id in the same transaction as the work. */
export const Inbox = {
  /**
   * Records (consumer, messageId) and runs `work` in ONE transaction. When the pair is already recorded (a
   * redelivery, or a concurrent duplicate that committed first) nothing runs and the result is {ran:false}.
   * When `work` throws, nothing is recorded, so a redelivery runs it again.
   */
  async runOnce<T>(dataSource: DataSource, key: InboxKey, work: (manager: EntityManager) => Promise<T>): Promise<InboxResult<T>> {
    try {
      const result = await runInTransaction(dataSource, async (manager) => {
        // Insert first: on PostgreSQL a concurrent duplicate then waits on the key and fails once the first commits.
        try {
          await manager.insert(ProcessedMessage, { ...key, processedAt: new Date() });
        } catch (error) {
          if (isUniqueViolation(error)) throw new AlreadyProcessed();
          throw error;
        }
        return work(manager);
      });
      return { ran: true, result };
    } catch (error) {
      if (error instanceof AlreadyProcessed) return { ran: false };
      throw error;
    }
  },

  /** Whether the consumer has already processed the message. */
  async isProcessed(dataSource: DataSource, key: InboxKey): Promise<boolean> {
    return dataSource.getRepository(ProcessedMessage).exists({ where: { ...key } });
  },
};
