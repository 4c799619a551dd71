import type { EvalResult, TrainingBackend, TrainingJobRequest, TrainingKind, TrainingStatus } from '@astra/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One training job as the gateway tracks it beside the platform job row: status, step, worker, outcome. */
@Entity('training_jobs')
@Index('ix_training_jobs_created', ['createdAt', 'jobId'])
export class TrainingJobEntity {
  @PrimaryColumn({ name: 'job_id', type: 'varchar', length: 200 })
  jobId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: TrainingKind;

  @Column({ type: 'varchar', length: 16 })
  backend!: TrainingBackend;

  @Column({ type: 'varchar', length: 16 })
  status!: TrainingStatus;

  /** The request as first delivered (JSON escapes NUL, which PostgreSQL text refuses raw). */
  @Column({ type: 'simple-json' })
  request!: TrainingJobRequest;

  /** Steps done, counted from the job's start (a resumed job continues the count). */
  @Column({ type: 'integer', default: 0 })
  step!: number;

  @Column({ name: 'total_steps', type: 'integer', default: 0 })
  totalSteps!: number;

  /** The worker's own step counter when the job began (a model from a checkpoint keeps counting from it). */
  @Column({ name: 'base_step', type: 'integer', nullable: true })
  baseStep!: number | null;

  @Column({ name: 'worker_pid', type: 'integer', nullable: true })
  workerPid!: number | null;

  /** Times a worker was restarted from the job's newest checkpoint after it died. */
  @Column({ name: 'worker_restarts', type: 'integer', default: 0 })
  workerRestarts!: number;

  @Column({ name: 'kubernetes_job', type: 'varchar', length: 253, nullable: true })
  kubernetesJob!: string | null;

  @Column({ name: 'policy_url', type: 'varchar', length: 2000, nullable: true })
  policyUrl!: string | null;

  /** The newest checkpoint the job wrote. */
  @Column({ name: 'checkpoint_id', type: 'varchar', length: 32, nullable: true })
  checkpointId!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  error!: { code: string; message: string } | null;

  @Column({ name: 'eval_result', type: 'simple-json', nullable: true })
  evalResult!: EvalResult | null;

  /** The last lines the worker or pod logged, oldest first. */
  @Column({ name: 'log_tail', type: 'simple-json' })
  logTail!: string[];

  /** Set by job.cancel; the instance running the job polls it and stops the worker. 0 or 1 (portable). */
  @Column({ name: 'cancel_requested', type: 'integer', default: 0 })
  cancelRequested!: number;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ name: 'started_at', type: 'varchar', length: 32, nullable: true })
  startedAt!: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;

  @Column({ name: 'finished_at', type: 'varchar', length: 32, nullable: true })
  finishedAt!: string | null;
}
