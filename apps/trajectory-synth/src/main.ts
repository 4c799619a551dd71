import './instrument';
import 'reflect-metadata';
import { serviceDatabaseOptions } from '@astra/platform/database';
import { runService } from '@astra/platform/runtime';
import { TRAJECTORY_SYNTH_ENTITIES, TRAJECTORY_SYNTH_MIGRATIONS } from '@astra/persistence/trajectory-synth';
import { loadTrajectorySynthConfig } from './trajectory-synth.config';
import { TrajectorySynthModule } from './trajectory-synth.module';

void runService({
  name: 'trajectory-synth',
  loadConfig: loadTrajectorySynthConfig,
  module: (config) => {
    const database = serviceDatabaseOptions('trajectory-synth', config, {
      entities: TRAJECTORY_SYNTH_ENTITIES,
      migrations: TRAJECTORY_SYNTH_MIGRATIONS,
    });
    return TrajectorySynthModule.forRoot({ config, database });
  },
});
