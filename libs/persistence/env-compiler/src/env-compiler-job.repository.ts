import { TypeOrmJobTable } from '@astra/platform/jobs';
import type { DataSource } from 'typeorm';
import { EnvCompilerJobEntity } from './entities/env-compiler-job.entity';

/** env-compiler's durable jobs: one row per job id; the job runner reaches them through `storeOf`, the status RPC through `find`. */
export class EnvCompilerJobRepository extends TypeOrmJobTable<EnvCompilerJobEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, EnvCompilerJobEntity);
  }
}
