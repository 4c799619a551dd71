import type { StepMetrics } from '@astra/contracts';
import type { DataSource } from 'typeorm';
import { TrainingMetricEntity } from './entities/training-metric.entity';

/** Metrics per step: a step is stored once (a resumed job that repeats a step keeps the first row). */
export class TrainingMetricRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the step's metrics unless that step is stored already; true when this call stored them. */
  async save(jobId: string, metrics: StepMetrics): Promise<boolean> {
    // One delivery runs a job at a time, so a read before the insert tells which call stored the step.
    const existed = await this.repo().exists({ where: { jobId, step: metrics.step } });
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(TrainingMetricEntity)
      .values({ jobId, step: metrics.step, metrics } as object)
      .orIgnore()
      .execute();
    return !existed;
  }

  /** Merges more fields into a stored step (a validation loss measured after the step). */
  async merge(jobId: string, step: number, extra: Partial<StepMetrics>): Promise<void> {
    const row = await this.repo().findOne({ where: { jobId, step } });
    if (!row) return;
    await this.repo().update({ jobId, step }, { metrics: { ...row.metrics, ...extra, step } });
  }

  async ofJob(jobId: string): Promise<StepMetrics[]> {
    const rows = await this.repo().find({ where: { jobId }, order: { step: 'ASC' } });
    return rows.map((r) => r.metrics);
  }

  async last(jobId: string): Promise<StepMetrics | undefined> {
    const row = await this.repo().findOne({ where: { jobId }, order: { step: 'DESC' } });
    return row?.metrics;
  }

  private repo() {
    return this.dataSource.getRepository(TrainingMetricEntity);
  }
}
