import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry, ResponseOf } from '@astra/contracts';
import { HandleMessage, type MessageContext } from '@astra/platform/bus';
import { ListServersUseCase } from './list-servers.use-case';
import { ShowServerUseCase } from './show-server.use-case';

/** Maps the catalog query RPCs to their use cases. */
@Injectable()
export class CatalogQueryHandler {
  constructor(
    private readonly listServers: ListServersUseCase,
    private readonly showServer: ShowServerUseCase,
  ) {}

  @HandleMessage('catalog.servers.list')
  async onList(
    payload: PayloadOf<Registry, 'catalog.servers.list'>,
    _ctx: MessageContext,
  ): Promise<ResponseOf<Registry, 'catalog.servers.list'>> {
    return this.listServers.execute(payload);
  }

  @HandleMessage('catalog.server.show')
  async onShow(
    payload: PayloadOf<Registry, 'catalog.server.show'>,
    _ctx: MessageContext,
  ): Promise<ResponseOf<Registry, 'catalog.server.show'>> {
    return this.showServer.execute(payload);
  }
}
