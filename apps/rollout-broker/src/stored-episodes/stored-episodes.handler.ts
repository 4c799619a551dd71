import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry, ResponseOf } from '@astra/contracts';
import { HandleMessage } from '@astra/platform/bus';
import { BatchGroupsUseCase } from '../batches/batch-groups.use-case';
import { ListEpisodesUseCase } from './list-episodes.use-case';
import { RescoreEpisodesUseCase } from './rescore-episodes.use-case';

type Rpc<K extends keyof Registry> = Promise<ResponseOf<Registry, K>>;

/** Maps the batch-groups and episode RPCs to their use cases. */
@Injectable()
export class StoredEpisodesHandler {
  constructor(
    private readonly batchGroups: BatchGroupsUseCase,
    private readonly listing: ListEpisodesUseCase,
    private readonly rescoring: RescoreEpisodesUseCase,
  ) {}

  @HandleMessage('rollout-broker.batch.groups')
  groups(payload: PayloadOf<Registry, 'rollout-broker.batch.groups'>): Rpc<'rollout-broker.batch.groups'> {
    return this.batchGroups.execute(payload);
  }

  @HandleMessage('rollout-broker.episode.list')
  list(payload: PayloadOf<Registry, 'rollout-broker.episode.list'>): Rpc<'rollout-broker.episode.list'> {
    return this.listing.list(payload);
  }

  @HandleMessage('rollout-broker.episode.show')
  show(payload: PayloadOf<Registry, 'rollout-broker.episode.show'>): Rpc<'rollout-broker.episode.show'> {
    return this.listing.show(payload.id);
  }

  @HandleMessage('rollout-broker.episode.rescore')
  rescore(payload: PayloadOf<Registry, 'rollout-broker.episode.rescore'>): Rpc<'rollout-broker.episode.rescore'> {
    return this.rescoring.execute(payload);
  }
}
