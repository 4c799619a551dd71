import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry } from '@astra/contracts';
import { HandleMessage, type MessageContext } from '@astra/platform/bus';
import { GenerateTasksUseCase } from './generate-tasks.use-case';

/** Maps the task-generation command to its use case, with the delivery context the job runner needs. */
@Injectable()
export class TaskGenerationHandler {
  constructor(private readonly generate: GenerateTasksUseCase) {}

  @HandleMessage('trajectory-synth.tasks.requested')
  async onRequested(payload: PayloadOf<Registry, 'trajectory-synth.tasks.requested'>, ctx: MessageContext): Promise<void> {
    await this.generate.execute(payload, ctx);
  }
}
