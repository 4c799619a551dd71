import { TypeOrmJobTable } from '@astra/platform/jobs';
import type { DataSource } from 'typeorm';
import { TrajectorySynthJobEntity } from './entities/trajectory-synth-job.entity';

/** trajectory-synth's durable jobs: one row per job id; the job runner reaches them through `storeOf`, the status RPC through `find`. */
export class TrajectorySynthJobRepository extends TypeOrmJobTable<TrajectorySynthJobEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, TrajectorySynthJobEntity);
  }
}
