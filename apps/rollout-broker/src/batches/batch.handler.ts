import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry } from '@astra/contracts';
import { HandleMessage, type MessageContext } from '@astra/platform/bus';
import { RunBatchUseCase } from './run-batch.use-case';

/** Maps the batch command to its use case, with the delivery context the job runner needs. */
@Injectable()
export class BatchHandler {
  constructor(private readonly runBatch: RunBatchUseCase) {}

  @HandleMessage('rollout-broker.batch.requested')
  async onRequested(payload: PayloadOf<Registry, 'rollout-broker.batch.requested'>, ctx: MessageContext): Promise<void> {
    await this.runBatch.execute(payload, ctx);
  }
}
