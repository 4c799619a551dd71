import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry, ResponseOf } from '@astra/contracts';
import { HandleMessage, type MessageContext } from '@astra/platform/bus';
import { BuildGraphUseCase } from './build-graph.use-case';
import { ShowGraphUseCase } from './show-graph.use-case';

/** Maps the graph build command and the graph RPC to their use cases. */
@Injectable()
export class GraphHandler {
  constructor(
    private readonly buildGraph: BuildGraphUseCase,
    private readonly showGraph: ShowGraphUseCase,
  ) {}

  @HandleMessage('graph.build.requested')
  async onBuildRequested(payload: PayloadOf<Registry, 'graph.build.requested'>, ctx: MessageContext): Promise<void> {
    await this.buildGraph.execute(payload, ctx);
  }

  @HandleMessage('graph.show')
  async onShow(payload: PayloadOf<Registry, 'graph.show'>, _ctx: MessageContext): Promise<ResponseOf<Registry, 'graph.show'>> {
    return this.showGraph.execute(payload);
  }
}
