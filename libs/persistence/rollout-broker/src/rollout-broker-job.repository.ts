import { TypeOrmJobTable } from '@astra/platform/jobs';
import type { DataSource } from 'typeorm';
import { RolloutBrokerJobEntity } from './entities/rollout-broker-job.entity';

/** rollout-broker's durable jobs: one row per job id; the job runner reaches them through `storeOf`, the status RPC through `find`. */
export class RolloutBrokerJobRepository extends TypeOrmJobTable<RolloutBrokerJobEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, RolloutBrokerJobEntity);
  }
}
