import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry, ResponseOf } from '@astra/contracts';
import { HandleMessage, type MessageContext } from '@astra/platform/bus';
import { ListChainsUseCase } from './list-chains.use-case';
import { SampleChainsUseCase } from './sample-chains.use-case';
import { VerifyChainsUseCase } from './verify-chains.use-case';

/** Maps the chain messages to their use cases. */
@Injectable()
export class ChainsHandler {
  constructor(
    private readonly sampleChains: SampleChainsUseCase,
    private readonly verifyChains: VerifyChainsUseCase,
    private readonly listChains: ListChainsUseCase,
  ) {}

  @HandleMessage('chains.sample')
  async onSample(payload: PayloadOf<Registry, 'chains.sample'>, _ctx: MessageContext): Promise<ResponseOf<Registry, 'chains.sample'>> {
    return this.sampleChains.execute(payload);
  }

  @HandleMessage('chains.verify.requested')
  async onVerifyRequested(payload: PayloadOf<Registry, 'chains.verify.requested'>, ctx: MessageContext): Promise<void> {
    await this.verifyChains.execute(payload, ctx);
  }

  @HandleMessage('chains.list')
  async onList(payload: PayloadOf<Registry, 'chains.list'>, _ctx: MessageContext): Promise<ResponseOf<Registry, 'chains.list'>> {
    return this.listChains.execute(payload);
  }
}
