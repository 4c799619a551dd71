import type { StepMetrics } from '@astra/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One step's metrics of a training job; (job, step) is the key, so a resumed job never stores a step twice. */
@Entity('training_metrics')
export class TrainingMetricEntity {
  @PrimaryColumn({ name: 'job_id', type: 'varchar', length: 200 })
  jobId!: string;

  @PrimaryColumn({ type: 'integer' })
  step!: number;

  /** The StepMetrics as JSON. */
  @Column({ type: 'simple-json' })
  metrics!: StepMetrics;
}
