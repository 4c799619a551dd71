import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The verdict of one operator on one chain. */
@Entity('tool_chain_verdicts')
@Index('uq_tool_chain_verdicts_chain_operator', ['chainId', 'operator'], { unique: true })
export class ChainVerdictEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'chain_id', type: 'varchar', length: 36 })
  chainId!: string;

  @Column({ type: 'varchar', length: 32 })
  operator!: string;

  /** accepted | rejected | unknown; unknown is never counted as a pass. */
  @Column({ type: 'varchar', length: 16 })
  status!: 'accepted' | 'rejected' | 'unknown';

  @Column({ type: 'simple-json' })
  reasons!: { step?: number; tool?: string; parameter?: string; message: string }[];

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
