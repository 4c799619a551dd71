import './instrument';
import 'reflect-metadata';
import { serviceDatabaseOptions } from '@astra/platform/database';
import { runService } from '@astra/platform/runtime';
import { ROLLOUT_BROKER_ENTITIES, ROLLOUT_BROKER_MIGRATIONS } from '@astra/persistence/rollout-broker';
import { loadRolloutBrokerConfig } from './rollout-broker.config';
import { RolloutBrokerModule } from './rollout-broker.module';

void runService({
  name: 'rollout-broker',
  loadConfig: loadRolloutBrokerConfig,
  module: (config) => {
    const database = serviceDatabaseOptions('rollout-broker', config, {
      entities: ROLLOUT_BROKER_ENTITIES,
      migrations: ROLLOUT_BROKER_MIGRATIONS,
    });
    return RolloutBrokerModule.forRoot({ config, database });
  },
});
