import { Inject, Injectable } from '@nestjs/common';
import {
  BusError,
  type PolicySpec,
  type RolloutBatchRequest,
  type RolloutBatchSummary,
  type RolloutBrokerJobReport,
} from '@astra/contracts';
import { MessageBus } from '@astra/platform/bus';
import type { JobContext, JobDelivery } from '@astra/platform/jobs';
import { Traced } from '@astra/platform/telemetry';
import { EnvironmentSource } from '../environments/environment-source';
import type { Policy, PolicyFactoryPort } from '../episodes/episode.types';
import { RolloutBrokerJobs } from '../jobs/rollout-broker-jobs';
import { ROLLOUT_BROKER_CONFIG, type RolloutBrokerConfig } from '../rollout-broker.config';
import { BatchRecords } from './batch-records';
import { BatchRun } from './batch-run';
import { EpisodeLauncher } from './episode-launcher';
import { POLICY_FACTORY } from './episode-ports';

/** What a batch run needs from the service, in one injectable (the use case stays within six dependencies). */
@Injectable()
export class BatchRunServices {
  constructor(
    readonly records: BatchRecords,
    readonly launcher: EpisodeLauncher,
    readonly bus: MessageBus,
    @Inject(ROLLOUT_BROKER_CONFIG) private readonly config: RolloutBrokerConfig,
  ) {}

  get maxInfraStreak(): number {
    return this.config.ROLLOUT_MAX_INFRA_STREAK;
  }
}

/**
 * A rollout-batch job: adaptive batch filling for GRPO. Valid groups (reward spread above δ) are handed over in the
 * order they finish until batchSize; groups without spread are dropped and refilled; surplus is buffered for the next
 * batch of the same policy version. A redelivery resumes from what is stored, and no episode runs twice.
 */
@Injectable()
export class RunBatchUseCase {
  constructor(
    private readonly jobs: RolloutBrokerJobs,
    private readonly services: BatchRunServices,
    private readonly environments: EnvironmentSource,
    @Inject(POLICY_FACTORY) private readonly policies: PolicyFactoryPort,
  ) {}

  @Traced()
  async execute(request: RolloutBatchRequest, delivery: JobDelivery): Promise<RolloutBrokerJobReport> {
    return this.jobs.run('rollout-batch', request, delivery, (job) => this.run(request, job));
  }

  private async run(request: RolloutBatchRequest, job: JobContext): Promise<{ batch: RolloutBatchSummary }> {
    const policy = this.policy(request.policy);
    const environmentIds = await this.environments.resolve(request.environments);
    const batch = await new BatchRun(this.services, request, policy, environmentIds, job).execute();
    return { batch };
  }

  /** The batch's policy; a refusal (a host not allowed) is a final failure of the job with the factory's message. */
  private policy(spec: PolicySpec): Policy {
    try {
      return this.policies.create(spec);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw error instanceof BusError && !error.retryable ? error : new BusError('VALIDATION_FAILED', message);
    }
  }
}
