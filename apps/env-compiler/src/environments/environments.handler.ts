import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry, ResponseOf } from '@astra/contracts';
import { HandleMessage } from '@astra/platform/bus';
import { ListEnvironmentsUseCase } from './list-environments.use-case';
import { ShowEnvironmentUseCase } from './show-environment.use-case';

type Rpc<K extends keyof Registry> = Promise<ResponseOf<Registry, K>>;

/** Maps the environment RPCs to their use cases. */
@Injectable()
export class EnvironmentsHandler {
  constructor(
    private readonly listing: ListEnvironmentsUseCase,
    private readonly showing: ShowEnvironmentUseCase,
  ) {}

  @HandleMessage('env-compiler.environment.list')
  list(payload: PayloadOf<Registry, 'env-compiler.environment.list'>): Rpc<'env-compiler.environment.list'> {
    return this.listing.list(payload);
  }

  @HandleMessage('env-compiler.environment.export')
  export(payload: PayloadOf<Registry, 'env-compiler.environment.export'>): Rpc<'env-compiler.environment.export'> {
    return this.listing.export(payload);
  }

  @HandleMessage('env-compiler.environment.show')
  show(payload: PayloadOf<Registry, 'env-compiler.environment.show'>): Rpc<'env-compiler.environment.show'> {
    return this.showing.show(payload.id);
  }

  @HandleMessage('env-compiler.environment.test')
  test(payload: PayloadOf<Registry, 'env-compiler.environment.test'>): Rpc<'env-compiler.environment.test'> {
    return this.showing.test(payload.id);
  }
}
