import { Injectable, type OnModuleInit, Optional } from '@nestjs/common';
import { HealthChecks } from '@astra/platform/runtime';
import { SandboxRunner } from './sandbox-runner';

/** Adds the `sandbox` readiness check: /readyz fails until every worker is warm. */
@Injectable()
export class SandboxReadiness implements OnModuleInit {
  private warm = false;

  constructor(
    private readonly runner: SandboxRunner,
    @Optional() private readonly health?: HealthChecks,
  ) {}

  onModuleInit(): void {
    this.runner.started().then(
      () => (this.warm = true),
      () => (this.warm = false),
    );
    this.health?.register('sandbox', () => {
      if (!this.warm) throw new Error('sandbox workers are still starting');
      return true;
    });
  }
}
