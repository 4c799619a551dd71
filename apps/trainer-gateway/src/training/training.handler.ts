import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry, ResponseOf } from '@astra/contracts';
import { HandleMessage, type MessageContext } from '@astra/platform/bus';
import { RunTrainingUseCase } from './run-training.use-case';
import { TrainingQueriesUseCase } from './training-queries.use-case';

/** Maps the training command and RPCs to their use cases. */
@Injectable()
export class TrainingHandler {
  constructor(
    private readonly runTraining: RunTrainingUseCase,
    private readonly queries: TrainingQueriesUseCase,
  ) {}

  @HandleMessage('trainer-gateway.job.submitted')
  async onSubmitted(payload: PayloadOf<Registry, 'trainer-gateway.job.submitted'>, ctx: MessageContext): Promise<void> {
    await this.runTraining.execute(payload, ctx);
  }

  @HandleMessage('trainer-gateway.job.list')
  async onList(payload: PayloadOf<Registry, 'trainer-gateway.job.list'>): Promise<ResponseOf<Registry, 'trainer-gateway.job.list'>> {
    return this.queries.list(payload);
  }

  @HandleMessage('trainer-gateway.job.show')
  async onShow(payload: PayloadOf<Registry, 'trainer-gateway.job.show'>): Promise<ResponseOf<Registry, 'trainer-gateway.job.show'>> {
    return this.queries.show(payload.jobId);
  }

  @HandleMessage('trainer-gateway.job.cancel')
  async onCancel(payload: PayloadOf<Registry, 'trainer-gateway.job.cancel'>): Promise<ResponseOf<Registry, 'trainer-gateway.job.cancel'>> {
    return this.queries.cancel(payload.jobId);
  }
}
