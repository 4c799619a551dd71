import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type OnModuleInit,
  Optional,
  type Provider,
} from '@nestjs/common';
import { HealthChecks } from '@astra/platform/runtime';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { openDataSource } from './open-data-source';

export interface DatabaseModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
  useFactory: (...args: never[]) => DataSourceOptions | Promise<DataSourceOptions>;
}

/** Registers the `database` readiness check and destroys the DataSource when the app shuts down. */
@Injectable()
class DatabaseLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Optional() private readonly health?: HealthChecks,
  ) {}

  onModuleInit(): void {
    this.health?.register('database', async () => {
      await this.dataSource.query('SELECT 1');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Global module providing the service's initialized TypeORM DataSource (migrations already run). */
@Module({})
export class DatabaseModule {
  /** With options built up front, e.g. buildDataSourceOptions({...config}). */
  static forRoot(options: DataSourceOptions): DynamicModule {
    return DatabaseModule.forRootAsync({ useFactory: () => options });
  }

  /** With options computed from other providers (a config token). */
  static forRootAsync(options: DatabaseModuleAsyncOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        {
          provide: DataSource,
          inject: options.inject ?? [],
          useFactory: async (...args: never[]) => openDataSource(await options.useFactory(...args)),
        },
        DatabaseLifecycle,
      ],
      exports: [DataSource],
    };
  }
}

/** Providers of classes built on the DataSource alone (a persistence lib's repositories, which carry no Nest decorators). */
export function dataSourceProviders(...types: Array<new (dataSource: DataSource) => unknown>): Provider[] {
  return types.map((type) => ({ provide: type, useFactory: (dataSource: DataSource) => new type(dataSource), inject: [DataSource] }));
}
