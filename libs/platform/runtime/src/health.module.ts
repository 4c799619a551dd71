import { Global, Module } from '@nestjs/common';
import { HealthChecks } from './health-checks';
import { HealthController } from './health.controller';

/** Global: serves /healthz and /readyz and lets any module inject HealthChecks to add its readiness check. */
@Global()
@Module({
  controllers: [HealthController],
  providers: [HealthChecks],
  exports: [HealthChecks],
})
export class HealthModule {}
