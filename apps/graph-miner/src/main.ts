import './instrument';
import 'reflect-metadata';
import { buildDataSourceOptions } from '@astra/platform/database';
import { createLogger } from '@astra/platform/logging';
import { bootstrapService } from '@astra/platform/runtime';
import { CATALOG_ENTITIES, CATALOG_MIGRATIONS } from '@astra/persistence/graph-miner';
import { loadGraphMinerConfig } from './graph-miner.config';
import { GraphMinerModule } from './graph-miner.module';

async function main(): Promise<void> {
  const config = loadGraphMinerConfig();
  const logger = createLogger({ service: 'graph-miner', level: config.LOG_LEVEL });
  const database = buildDataSourceOptions({
    service: 'graph-miner',
    databaseUrl: config.DATABASE_URL,
    dataDir: config.ASTRA_DATA_DIR,
    entities: CATALOG_ENTITIES,
    migrations: CATALOG_MIGRATIONS,
  });
  await bootstrapService({ module: GraphMinerModule.forRoot({ config, database }), service: 'graph-miner', port: config.PORT, host: config.HOST, logger });
}

main().catch((error: unknown) => {
  process.stderr.write(`graph-miner failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
