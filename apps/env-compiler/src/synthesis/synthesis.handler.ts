import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry } from '@astra/contracts';
import { HandleMessage, type MessageContext } from '@astra/platform/bus';
import { SynthesizeEnvironmentsUseCase } from './synthesize-environments.use-case';

/** Maps the synthesis command to its use case, with the delivery context the job runner needs. */
@Injectable()
export class SynthesisHandler {
  constructor(private readonly synthesize: SynthesizeEnvironmentsUseCase) {}

  @HandleMessage('env-compiler.synthesis.requested')
  async onRequested(payload: PayloadOf<Registry, 'env-compiler.synthesis.requested'>, ctx: MessageContext): Promise<void> {
    await this.synthesize.execute(payload, ctx);
  }
}
