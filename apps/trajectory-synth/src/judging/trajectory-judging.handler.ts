import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry } from '@astra/contracts';
import { HandleMessage, type MessageContext } from '@astra/platform/bus';
import { JudgeTrajectoriesUseCase } from './judge-trajectories.use-case';

/** Maps the trajectory-judging command to its use case, with the delivery context the job runner needs. */
@Injectable()
export class TrajectoryJudgingHandler {
  constructor(private readonly judging: JudgeTrajectoriesUseCase) {}

  @HandleMessage('trajectory-synth.judging.requested')
  async onRequested(payload: PayloadOf<Registry, 'trajectory-synth.judging.requested'>, ctx: MessageContext): Promise<void> {
    await this.judging.execute(payload, ctx);
  }
}
