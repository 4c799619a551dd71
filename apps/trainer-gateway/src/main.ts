import './instrument';
import 'reflect-metadata';
import { serviceDatabaseOptions } from '@astra/platform/database';
import { runService } from '@astra/platform/runtime';
import { TRAINER_GATEWAY_ENTITIES, TRAINER_GATEWAY_MIGRATIONS } from '@astra/persistence/trainer-gateway';
import { loadTrainerGatewayConfig } from './trainer-gateway.config';
import { TrainerGatewayModule } from './trainer-gateway.module';

void runService({
  name: 'trainer-gateway',
  loadConfig: loadTrainerGatewayConfig,
  module: (config) => {
    const database = serviceDatabaseOptions('trainer-gateway', config, {
      entities: TRAINER_GATEWAY_ENTITIES,
      migrations: TRAINER_GATEWAY_MIGRATIONS,
    });
    return TrainerGatewayModule.forRoot({ config, database });
  },
});
