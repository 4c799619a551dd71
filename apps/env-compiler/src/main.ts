import './instrument';
import 'reflect-metadata';
import { serviceDatabaseOptions } from '@astra/platform/database';
import { runService } from '@astra/platform/runtime';
import { ENV_COMPILER_ENTITIES, ENV_COMPILER_MIGRATIONS } from '@astra/persistence/env-compiler';
import { loadEnvCompilerConfig } from './env-compiler.config';
import { EnvCompilerModule } from './env-compiler.module';

void runService({
  name: 'env-compiler',
  loadConfig: loadEnvCompilerConfig,
  module: (config) => {
    const database = serviceDatabaseOptions('env-compiler', config, {
      entities: ENV_COMPILER_ENTITIES,
      migrations: ENV_COMPILER_MIGRATIONS,
    });
    return EnvCompilerModule.forRoot({ config, database });
  },
});
