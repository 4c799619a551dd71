import { Injectable } from '@nestjs/common';
import { BusError, type EnvironmentRecord, type EnvVerification } from '@astra/contracts';
import { EnvironmentRepository, type EnvironmentEntity } from '@astra/persistence/env-compiler';
import { Traced } from '@astra/platform/telemetry';
import { SandboxToolVerifier } from '../verification/sandbox-tool-verifier';
import { toEnvironmentRecord } from './environment-views';

/** One environment by id or unique prefix, and re-running its checks. */
@Injectable()
export class ShowEnvironmentUseCase {
  constructor(
    private readonly environments: EnvironmentRepository,
    private readonly verifier: SandboxToolVerifier,
  ) {}

  async show(id: string): Promise<{ environment: EnvironmentRecord }> {
    return { environment: toEnvironmentRecord(await this.find(id)) };
  }

  /** Re-runs every check in the sandbox and stores the outcome (an environment that now fails stops being listed). */
  @Traced()
  async test(id: string): Promise<{ id: string; verification: EnvVerification }> {
    const row = await this.find(id);
    const verification = await this.verifier.verify(row.content, row.verification.scores);
    await this.environments.saveVerification(row.id, verification);
    return { id: row.id, verification };
  }

  private async find(id: string): Promise<EnvironmentEntity> {
    const row = await this.environments.findByPrefix(id);
    if (row === 'ambiguous')
      throw new BusError('VALIDATION_FAILED', `environment id prefix ${id} names several environments: give more digits`);
    if (!row) throw new BusError('NOT_FOUND', `no environment ${id}`);
    return row;
  }
}
