import { TypeOrmJobTable } from '@astra/platform/jobs';
import type { DataSource } from 'typeorm';
import { GraphJobEntity } from './entities/graph-job.entity';

/** Graph builds and chain verifications: one row per job id in graph_jobs; the job runner reaches them through `storeOf`. */
export class GraphJobRepository extends TypeOrmJobTable<GraphJobEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, GraphJobEntity);
  }
}
