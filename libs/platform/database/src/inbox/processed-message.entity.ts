import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One message a consumer has handled; the composite key makes a second record for the same pair impossible. */
@Entity({ name: 'processed_message' })
export class ProcessedMessage {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  consumer!: string;

  @PrimaryColumn({ name: 'message_id', type: 'varchar', length: 200 })
  messageId!: string;

  @CreateDateColumn({ name: 'processed_at' })
  processedAt!: Date;
}
