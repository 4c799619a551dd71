import './instrument';
import 'reflect-metadata';
import { serviceDatabaseOptions } from '@astra/platform/database';
import { runService } from '@astra/platform/runtime';
import { CATALOG_ENTITIES, CATALOG_MIGRATIONS } from '@astra/persistence/graph-miner';
import { loadGraphMinerConfig } from './graph-miner.config';
import { GraphMinerModule } from './graph-miner.module';

void runService({
  name: 'graph-miner',
  loadConfig: loadGraphMinerConfig,
  module: (config) => {
    const database = serviceDatabaseOptions('graph-miner', config, { entities: CATALOG_ENTITIES, migrations: CATALOG_MIGRATIONS });
    return GraphMinerModule.forRoot({ config, database });
  },
});
