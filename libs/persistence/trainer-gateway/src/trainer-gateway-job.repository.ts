import { TypeOrmJobTable } from '@astra/platform/jobs';
import type { DataSource } from 'typeorm';
import { TrainerGatewayJobEntity } from './entities/trainer-gateway-job.entity';

/** trainer-gateway's durable jobs: one row per job id; the job runner reaches them through `storeOf`, the status RPC through `find`. */
export class TrainerGatewayJobRepository extends TypeOrmJobTable<TrainerGatewayJobEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, TrainerGatewayJobEntity);
  }
}
