import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { HealthChecks, type HealthReport } from './health-checks';

/** Kubernetes probes: /healthz (liveness) and /readyz (readiness). */
@Controller()
export class HealthController {
  constructor(private readonly checks: HealthChecks) {}

  /** 200 while the process runs and its event loop answers. */
  @Get('healthz')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when every registered check passes; 503 naming the failing checks otherwise. */
  @Get('readyz')
  @HttpCode(200)
  async ready(): Promise<{ status: 'ready'; checks: HealthReport['checks'] }> {
    const report = await this.checks.run();
    if (!report.ready) {
      throw new ServiceUnavailableException({
        status: 'unavailable',
        failing: report.failing,
        checks: report.checks,
        errors: report.errors,
      });
    }
    return { status: 'ready', checks: report.checks };
  }
}
