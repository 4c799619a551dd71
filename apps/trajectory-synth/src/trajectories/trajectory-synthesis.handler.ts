import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry } from '@astra/contracts';
import { HandleMessage, type MessageContext } from '@astra/platform/bus';
import { SynthesizeTrajectoriesUseCase } from './synthesize-trajectories.use-case';

/** Maps the trajectory-synthesis command to its use case, with the delivery context the job runner needs. */
@Injectable()
export class TrajectorySynthesisHandler {
  constructor(private readonly synthesize: SynthesizeTrajectoriesUseCase) {}

  @HandleMessage('trajectory-synth.trajectories.requested')
  async onRequested(payload: PayloadOf<Registry, 'trajectory-synth.trajectories.requested'>, ctx: MessageContext): Promise<void> {
    await this.synthesize.execute(payload, ctx);
  }
}
