import type { JobRow } from '@astra/platform/jobs';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One durable job of trainer-gateway (any kind): its request, progress and outcome. */
@Entity('trainer_gateway_jobs')
export class TrainerGatewayJobEntity implements JobRow {
  @PrimaryColumn({ name: 'job_id', type: 'varchar', length: 200 })
  jobId!: string;

  /** One of TrainerGatewayJobKindSchema in @astra/contracts. */
  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: JobRow['status'];

  /** The command payload as JSON, as it was first delivered. */
  @Column({ type: 'text' })
  request!: string;

  @Column({ type: 'integer', default: 0 })
  done!: number;

  @Column({ type: 'integer', default: 0 })
  total!: number;

  /** How many deliveries of the command have worked on this job (more than 1 after a crash). */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** What the job produced, as JSON, once it completed. */
  @Column({ type: 'text', nullable: true })
  result!: string | null;

  /** Why it failed, as { code, message }. */
  @Column({ type: 'simple-json', nullable: true })
  error!: JobRow['error'];

  @Column({ name: 'started_at', type: 'varchar', length: 32 })
  startedAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;

  @Column({ name: 'finished_at', type: 'varchar', length: 32, nullable: true })
  finishedAt!: string | null;
}
